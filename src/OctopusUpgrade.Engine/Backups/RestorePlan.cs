using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>What planning a restore settled: the manifest, the file, and the statements in the order they run.</summary>
    public sealed record RestorePlan(BackupManifest Manifest, string ManifestPath, string Database, string BackupFile, BackupManifestItem Item, IReadOnlyList<string> Statements);
}
