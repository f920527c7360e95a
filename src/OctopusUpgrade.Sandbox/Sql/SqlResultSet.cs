using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A result set: columns, then rows of values in column order (null is SQL NULL).</summary>
    internal sealed record SqlResultSet(IReadOnlyList<SqlColumn> Columns, IReadOnlyList<object?[]> Rows);
}
