using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Backups;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Sessions
{
    /// <summary>
    /// What the steps of a session have learned about the estate. Readers get a snapshot; only the engine's steps
    /// change it, through <see cref="UpgradeSession.Learn"/>, which writes it to the journal first.
    /// </summary>
    public sealed record SessionFacts
    {
        /// <summary>The server version as the server reported it, or null before any step asked.</summary>
        public OctopusVersion? ServerVersion { get; init; }

        /// <summary>Whether maintenance mode was on when a step first looked; null before any step looked.</summary>
        public bool? MaintenanceModeAsFound { get; init; }

        /// <summary>
        /// The service watchdog Stop-OctopusServerNode deleted on the session's node, for Start-OctopusServerNode to
        /// recreate; null when none was deleted or it has been recreated.
        /// </summary>
        public ServerWatchdog? RemovedWatchdog { get; init; }

        /// <summary>Backups taken in this session, oldest first.</summary>
        public IReadOnlyList<BackupRecord> Backups { get; init; } = Array.Empty<BackupRecord>();
    }
}
