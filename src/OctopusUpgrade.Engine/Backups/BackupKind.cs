namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What a backup holds; a rollback restores each kind its own way.</summary>
    public enum BackupKind
    {
        /// <summary>The Octopus SQL database (a copy-only .bak).</summary>
        Database,

        /// <summary>The Master Key that decrypts the database's sensitive values.</summary>
        MasterKey,

        /// <summary>The license key.</summary>
        License,

        /// <summary>The server's folders (artifacts, task logs, packages, event exports).</summary>
        ServerFolders,

        /// <summary>The instance's configuration as <c>show-configuration</c> prints it (its connection string included).</summary>
        Configuration,

        /// <summary>An Octopus 2.6 backup (.octobak) for Octopus.Migrator.exe.</summary>
        LegacyData,
    }
}
