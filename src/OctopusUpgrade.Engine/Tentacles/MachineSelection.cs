using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Input;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>
    /// The Tentacles a step acts on: deployment targets that are listening or polling Tentacles, by name and
    /// environment (PowerShell wildcards), read page by page and kept compact.
    /// </summary>
    public static class MachineSelection
    {
        public static async Task<IReadOnlyList<TentacleTarget>> SelectAsync(
            OctopusApiClient client, IOperationReporter reporter, IReadOnlyList<string> machineNames, IReadOnlyList<string> environmentNames, CancellationToken cancellationToken)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            if (reporter is null)
            {
                throw new ArgumentNullException(nameof(reporter));
            }

            var environments = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var environment in client.Environments.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                environments[environment.Id] = environment.Name;
            }

            var environmentPattern = new NamePattern(environmentNames);
            var missingEnvironments = environmentPattern.Unmatched(environments.Values);
            if (missingEnvironments.Count > 0)
            {
                throw new OctopusUpgradeException(
                    TentacleErrorIds.EnvironmentNotFound,
                    FailureCategory.ObjectNotFound,
                    $"No environment matches {string.Join(", ", missingEnvironments.Select(e => "'" + e + "'"))}; the server has {string.Join(", ", environments.Values.OrderBy(n => n, StringComparer.OrdinalIgnoreCase))}.",
                    string.Join(",", missingEnvironments));
            }

            var wantedEnvironments = new HashSet<string>(environments.Where(e => environmentPattern.Matches(e.Value)).Select(e => e.Key), StringComparer.Ordinal);
            var namePattern = new NamePattern(machineNames);
            var selected = new List<TentacleTarget>();
            var skipped = 0;
            await foreach (var machine in client.Machines.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!namePattern.Matches(machine.Name) || (!environmentPattern.MatchesAll && !machine.EnvironmentIds.Any(wantedEnvironments.Contains)))
                {
                    continue;
                }

                if (!machine.IsTentacle)
                {
                    skipped++;
                    continue;
                }

                selected.Add(new TentacleTarget(machine.Id, machine.Name)
                {
                    EnvironmentIds = machine.EnvironmentIds,
                    Environments = machine.EnvironmentIds.Select(id => environments.TryGetValue(id, out var name) ? name : id).ToArray(),
                    Roles = machine.Roles,
                    CommunicationStyle = machine.CommunicationStyle,
                    IsDisabled = machine.IsDisabled,
                    UpgradeLocked = machine.UpgradeLocked,
                    TentacleVersion = machine.TentacleVersion,
                    ConnectionLink = machine.Links.TryGetValue("Connection", out var connection) ? connection : null,
                });
            }

            if (skipped > 0)
            {
                reporter.Verbose($"{skipped} selected machine(s) are not Tentacles (SSH, cloud or offline-drop targets) and are left out.");
            }

            foreach (var name in namePattern.Unmatched(selected.Select(t => t.Name)).Where(n => !HasWildcard(n)))
            {
                reporter.Error(new OctopusUpgradeException(
                    TentacleErrorIds.MachineNotFound,
                    FailureCategory.ObjectNotFound,
                    $"No Tentacle named '{name}'{(environmentPattern.MatchesAll ? string.Empty : " in " + string.Join(", ", environmentNames))}.",
                    name));
            }

            if (selected.Count == 0)
            {
                throw new OctopusUpgradeException(
                    TentacleErrorIds.NoMachinesSelected,
                    FailureCategory.ObjectNotFound,
                    "The selection holds no Tentacle: check -MachineName and -Environment. Nothing was done.",
                    client.BaseAddress.ToString());
            }

            return selected;
        }

        private static bool HasWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;
    }
}
