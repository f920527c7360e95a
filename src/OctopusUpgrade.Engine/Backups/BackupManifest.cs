using System;
using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// The JSON beside a backup set's files (<see cref="FileName"/>): what was saved, from where, and the facts a restore
    /// checks against (hashes, the schema history, the LSNs SQL Server read back from the file).
    /// </summary>
    public sealed record BackupManifest
    {
        public const string FileName = "manifest.json";

        public const int CurrentFormatVersion = 1;

        public int FormatVersion { get; init; } = CurrentFormatVersion;

        public DateTimeOffset Created { get; init; }

        public string OctopusServer { get; init; } = string.Empty;

        public OctopusVersion? ServerVersion { get; init; }

        public string? SqlServer { get; init; }

        public string? Database { get; init; }

        public string? SqlProductVersion { get; init; }

        /// <summary>The last script in <c>dbo.SchemaVersions</c> when the backup was taken.</summary>
        public string? LastSchemaScript { get; init; }

        public int SchemaScriptCount { get; init; }

        public DatabaseBackupHeader? Header { get; init; }

        /// <summary>On 2.x: what the server held when its Backup task ran, which Invoke-OctopusMigration checks arrived.</summary>
        public EstateInventory? Inventory { get; init; }

        public IReadOnlyList<BackupManifestItem> Items { get; init; } = Array.Empty<BackupManifestItem>();

        public BackupManifestItem? Find(BackupKind kind) => Items.FirstOrDefault(i => i.Kind == kind);
    }
}
