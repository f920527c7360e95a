using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A table or view the endpoint can read, with its rows as of now.</summary>
    internal sealed record SqlTable(string Name, IReadOnlyList<SqlColumn> Columns, IReadOnlyList<object?[]> Rows);
}
