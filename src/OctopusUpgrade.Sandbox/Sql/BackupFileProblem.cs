namespace OctopusUpgrade.Sandbox
{
    /// <summary>What is wrong with a file offered as a backup.</summary>
    internal enum BackupFileProblem
    {
        None,

        /// <summary>Not a sandbox backup at all (SQL Server's 3241, "incorrectly formed").</summary>
        Malformed,

        /// <summary>A sandbox backup whose checksum no longer matches (SQL Server's 3183/3189).</summary>
        Damaged,
    }
}
