using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.DatabaseUpgrade
{
    /// <summary>
    /// <c>Update-OctopusDatabase</c>, on the node whose binaries were upgraded: <c>database --upgrade
    /// [--skipLicenseCheck]</c>, its log streamed as progress. Refuses while the cluster reports other nodes running
    /// (unless forced): upgrading with nodes up deadlocks or aborts (2023.2.9755+). Failed pre-conditions become one
    /// error naming each failed check and its remedy. Afterwards <c>dbo.SchemaVersions</c> is read back, where the
    /// session reaches SQL Server, and must show new scripts.
    /// </summary>
    public sealed class UpdateOctopusDatabaseStep : Step<UpdateOctopusDatabaseRequest, UpdateOctopusDatabasePlan, UpdateOctopusDatabaseOutcome>
    {
        public const string StepName = "Update-OctopusDatabase";

        public const string UpgradeAction = "Upgrade";

        public const int ActivityId = 4600;

        public override string Name => StepName;

        private protected override async Task<StepPlan<UpdateOctopusDatabasePlan>> PlanCoreAsync(StepRunner runner, UpdateOctopusDatabaseRequest request, CancellationToken cancellationToken)
        {
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            var configuration = await machine.ReadConfigurationAsync(request.Timeout, cancellationToken).ConfigureAwait(false);
            var node = ServerNodeMachine.NodeName(configuration, machine.InstanceName);
            var target = await machine.ReadInstalledVersionAsync(request.Timeout, cancellationToken).ConfigureAwait(false);
            var running = await RunningNodesAsync(runner, node, cancellationToken).ConfigureAwait(false);
            if (running.Count > 0 && !request.Force)
            {
                throw new OctopusUpgradeException(
                    DatabaseUpgradeErrorIds.NodesRunning,
                    FailureCategory.InvalidOperation,
                    $"The cluster reports other nodes still running: {string.Join(", ", running)}. Upgrading the database while they run can deadlock it, and from 2023.2.9755 the upgrade aborts. Stop each (Stop-OctopusServerNode), or add -Force; nothing was changed.",
                    string.Join(",", running));
            }

            var scripts = runner.Session.Sql?.Database is { } database
                ? (await new OctopusDatabaseQueries(new SqlServerGateway(runner.Session.Sql)).ReadSchemaHistoryAsync(database, cancellationToken).ConfigureAwait(false)).Count
                : (int?)null;
            var command = OctopusServerCommandLine.UpgradeDatabase(machine.InstanceName, request.SkipLicenseCheck);
            var action = new StepAction(
                UpgradeAction,
                node,
                $"Upgrade the Octopus database to {target}{(scripts is null ? string.Empty : $" ({scripts} schema scripts run so far)")}: {machine.Describe(command)}",
                ActionImpact.High);
            return new StepPlan<UpdateOctopusDatabasePlan>(new UpdateOctopusDatabasePlan(target, scripts, running), new[] { action });
        }

        private protected override async Task<UpdateOctopusDatabaseOutcome> ExecuteCoreAsync(StepRunner runner, UpdateOctopusDatabaseRequest request, StepPlan<UpdateOctopusDatabasePlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var target = plan.Detail.TargetVersion;
            if (!confirmed.Includes(UpgradeAction))
            {
                return new UpdateOctopusDatabaseOutcome(target);
            }

            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            var stage = new StepStage(StepName, "The database upgrade runs in one transaction: it either finished or was rolled back; read dbo.SchemaVersions to see which")
            {
                Details = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["TargetVersion"] = target.ToString(),
                    ["SkipLicenseCheck"] = request.SkipLicenseCheck ? "true" : "false",
                    ["NodesRunning"] = string.Join(",", plan.Detail.RunningNodes),
                },
            };
            try
            {
                return await runner.RunStageAsync(
                    stage,
                    token => UpgradeAsync(runner, machine, request, plan.Detail, token),
                    done => new StepReport
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["ScriptsApplied"] = done.ScriptsApplied?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not read (no SQL connection)",
                            ["LastScript"] = done.LastScript ?? string.Empty,
                        },
                        Changes = new[] { $"Upgraded the Octopus database to {target}" },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                machine.Report("Done", completed: true);
            }
        }

        private static async Task<UpdateOctopusDatabaseOutcome> UpgradeAsync(StepRunner runner, ServerNodeMachine machine, UpdateOctopusDatabaseRequest request, UpdateOctopusDatabasePlan plan, CancellationToken cancellationToken)
        {
            var lines = new ConcurrentQueue<string>();
            try
            {
                await machine.RunAsync(OctopusServerCommandLine.UpgradeDatabase(machine.InstanceName, request.SkipLicenseCheck), request.Timeout, lines.Enqueue, cancellationToken).ConfigureAwait(false);
            }
            catch (OctopusUpgradeException e) when (e.ErrorId == OctopusToolErrorIds.Failed && lines.Any(l => l.Contains(DatabasePreconditions.FailedMarker)))
            {
                var failed = DatabasePreconditions.Failed(lines);
                throw new OctopusUpgradeException(
                    DatabaseUpgradeErrorIds.PreconditionFailed,
                    FailureCategory.InvalidOperation,
                    $"The database upgrade to {plan.TargetVersion} did not start: {(failed.Count == 0 ? "a pre-condition failed (the output named none)" : string.Join(" ", failed.Select(f => $"FAIL: {f.Check} Remedy: {f.Remedy}")))} Nothing was changed.",
                    string.Join("; ", failed.Select(f => f.Check)),
                    e);
            }

            if (runner.Session.Sql?.Database is not { } database || plan.ScriptsBefore is not { } before)
            {
                runner.Reporter.Warning("The session has no SQL connection, so dbo.SchemaVersions was not read back: Start-OctopusServerNode checks that /api answers with " + plan.TargetVersion + ".");
                return new UpdateOctopusDatabaseOutcome(plan.TargetVersion);
            }

            var after = await new OctopusDatabaseQueries(new SqlServerGateway(runner.Session.Sql)).ReadSchemaHistoryAsync(database, cancellationToken).ConfigureAwait(false);
            var upToDate = lines.Any(l => l.IndexOf("already up to date", StringComparison.OrdinalIgnoreCase) >= 0);
            if (after.Count <= before && !upToDate)
            {
                throw new OctopusUpgradeException(
                    DatabaseUpgradeErrorIds.NotVerified,
                    FailureCategory.InvalidOperation,
                    $"database --upgrade reported success, but dbo.SchemaVersions in '{database}' still holds {after.Count} scripts, as before. Read the server log and dbo.SchemaVersions before starting the service.",
                    database);
            }

            return new UpdateOctopusDatabaseOutcome(plan.TargetVersion) { ScriptsApplied = after.Count - before, LastScript = after.LastOrDefault(), Verified = true };
        }

        // Other nodes the cluster reports online; none when the API does not answer (every node behind it is down).
        private static async Task<IReadOnlyList<string>> RunningNodesAsync(StepRunner runner, string node, CancellationToken cancellationToken)
        {
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            try
            {
                var summary = await client.Nodes.GetAllWithStateAsync(cancellationToken).ConfigureAwait(false);
                return summary.Where(n => n.IsOffline != true && !string.Equals(n.Name, node, StringComparison.OrdinalIgnoreCase)).Select(n => n.Name).ToList();
            }
            catch (OctopusApiException e) when (e.ErrorId is OctopusApiErrorIds.Unreachable or OctopusApiErrorIds.ServerError)
            {
                runner.Reporter.Verbose("The API does not answer, so no node behind it runs: " + e.Message);
                return Array.Empty<string>();
            }
        }
    }
}
