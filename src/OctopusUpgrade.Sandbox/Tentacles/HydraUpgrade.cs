using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// What Hydra leaves on a Tentacle when its deployment step succeeds: a scheduled task that, a minute later, installs the
    /// Tentacle MSI from the package (its version is the package's), rewrites polling addresses and resets the service account.
    /// </summary>
    /// <param name="DueAt">When the scheduled task runs (simulated time).</param>
    /// <param name="TentacleVersion">The Tentacle version the package installs.</param>
    /// <param name="ServerMapping">The step's <c>ServerMapping</c> value, spaces removed as the step's script does.</param>
    internal sealed record HydraUpgrade(DateTimeOffset DueAt, string TentacleVersion, string ServerMapping);
}
