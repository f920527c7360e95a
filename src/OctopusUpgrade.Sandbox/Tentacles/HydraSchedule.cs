using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Runs Hydra's scheduled tasks when they fall due (SC:using-hydra): the Tentacle MSI from the package is installed, so
    /// the Tentacle runs the package's version; polling addresses are rewritten by the mapping; the reinstalled service runs
    /// as Local System. A machine that is off when its task is due never runs it (the scheduled task expires).
    /// </summary>
    internal static class HydraSchedule
    {
        /// <summary>Applies every due upgrade; call under the estate lock.</summary>
        public static void Run(Estate estate, DateTimeOffset now)
        {
            var pending = estate.Library.HydraPending;
            for (var i = pending.Count - 1; i >= 0; i--)
            {
                var machine = pending[i];
                if (machine.PendingHydra is not { } upgrade || upgrade.DueAt > now)
                {
                    continue;
                }

                pending.RemoveAt(i);
                machine.PendingHydra = null;
                if (!machine.IsOnline)
                {
                    continue;
                }

                machine.TentacleVersion = upgrade.TentacleVersion;
                machine.ServiceAccount = estate.Assumptions.HydraServiceAccount;
                if (machine.CommunicationStyle == "TentacleActive" && machine.PollingAddress is { } address)
                {
                    machine.PollingAddress = ServerMapping.Apply(upgrade.ServerMapping, address);
                }
            }
        }
    }
}
