namespace OctopusUpgrade.Sandbox
{
    /// <summary>A result-set column.</summary>
    internal sealed record SqlColumn(string Name, SqlColumnType Type);
}
