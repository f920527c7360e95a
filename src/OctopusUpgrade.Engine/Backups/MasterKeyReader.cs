using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// Reads the instance's Master Key with <c>Octopus.Server.exe show-master-key</c>, its output kept out of every
    /// stream, and registers it with the session's masker before anything else can print it.
    /// </summary>
    internal static class MasterKeyReader
    {
        /// <summary>The key (the last line printed), or null when the tool printed none.</summary>
        public static async Task<Secret?> ReadAsync(StepRunner runner, CancellationToken cancellationToken)
        {
            UpgradeSession session = runner.Session;
            var result = await new OctopusToolRunner(runner.Reporter, session.Masker).RunAsync(
                OctopusServerCommandLine.ExecutablePath(session.InstallPath!),
                OctopusServerCommandLine.ShowMasterKey(session.InstanceName),
                secretOutput: true,
                cancellationToken).ConfigureAwait(false);
            var printed = result.StandardOutput.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
            if (printed is null)
            {
                return null;
            }

            var key = new Secret(printed);
            session.Masker.Add(key);
            return key;
        }
    }
}
