using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.ServerNodes;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// <c>Install-OctopusServer</c>, on the server's machine: read the MSI's version, stop every instance's service (one
    /// MSI upgrades the binaries they all run), run <c>msiexec /i MSI /quiet /norestart RUNMANAGERONEXIT=no /l*v LOG</c>,
    /// explain its exit code, and confirm with <c>Octopus.Server.exe version --format=json</c> that the MSI's version is
    /// installed: an exit code of 0 alone is not taken as an install. Reinstalling the previous MSI (a rollback) is the
    /// same run. The services stay stopped; the database and the services are the next steps' work.
    /// </summary>
    public sealed class InstallOctopusServerStep : IStep<InstallRequest, InstallPlan, InstallOutcome>
    {
        public const string StepName = "Install-OctopusServer";

        public const string StopAction = "Stop";

        public const string InstallAction = "Install";

        public const int ActivityId = 4502;

        public string Name => StepName;

        public async Task<StepPlan<InstallPlan>> PlanAsync(StepRunner runner, InstallRequest request, CancellationToken cancellationToken)
        {
            if (runner is null)
            {
                throw new ArgumentNullException(nameof(runner));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var version = MsiPackage.Read(request.MsiPath).ProductVersion;
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            var listed = await machine.RunAsync(OctopusServerCommandLine.ListInstances(), request.Timeout, cancellationToken).ConfigureAwait(false);
            var instances = OctopusServerToolOutput.ParseInstances(listed.StandardOutput);
            var logPath = request.LogPath ?? Path.Combine(Path.GetTempPath(), Path.GetFileNameWithoutExtension(request.MsiPath) + "-install.log");
            var plan = new InstallPlan(request.MsiPath, version, logPath, Msiexec(request.MsiexecPath), instances);
            var actions = new[]
            {
                new StepAction(
                    StopAction,
                    string.Join(", ", instances),
                    "Stop the Octopus Server service of every instance on the machine: " + string.Join("; ", instances.Select(instance => machine.Describe(OctopusServerCommandLine.StopService(instance)))),
                    ActionImpact.High),
                new StepAction(
                    InstallAction,
                    request.MsiPath,
                    $"Install Octopus Server {version} for every instance on the machine, confirmed by {machine.Describe(OctopusServerCommandLine.Version())}: {Shown(runner, plan)}",
                    ActionImpact.High),
            };
            return new StepPlan<InstallPlan>(plan, actions);
        }

        public async Task<InstallOutcome> ExecuteAsync(StepRunner runner, InstallRequest request, StepPlan<InstallPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            if (runner is null)
            {
                throw new ArgumentNullException(nameof(runner));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (confirmed is null)
            {
                throw new ArgumentNullException(nameof(confirmed));
            }

            var detail = plan.Detail;
            // Read again: the MSI may have gone since planning, and nothing may stop for an install that cannot run.
            var version = MsiPackage.Read(detail.MsiPath).ProductVersion;
            OctopusToolRunner.RequireExecutable(detail.MsiexecPath);
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            var outcome = new InstallOutcome(detail.MsiPath, version, detail.LogPath);
            try
            {
                var stopped = new List<string>();
                foreach (var instance in confirmed.Includes(StopAction) ? detail.Instances : Array.Empty<string>())
                {
                    await runner.RunStageAsync(
                        Stage(StepName + " stop", "The instance's service may have stopped; start it with Start-OctopusServerNode", "Instance", instance),
                        token => machine.RunAsync(OctopusServerCommandLine.StopService(instance), request.Timeout, token),
                        _ => new StepReport { Changes = new[] { $"Stopped the Octopus Server service of instance '{instance}'" } },
                        cancellationToken).ConfigureAwait(false);
                    stopped.Add(instance);
                }

                outcome = outcome with { StoppedInstances = stopped };
                if (!confirmed.Includes(InstallAction))
                {
                    return outcome with { InstalledVersion = await machine.ReadInstalledVersionAsync(request.Timeout, cancellationToken).ConfigureAwait(false) };
                }

                return await runner.RunStageAsync(
                    Stage(StepName, "The MSI may be partly installed; run Install-OctopusServer again, or with the previous MSI to roll back", "Msi", detail.MsiPath),
                    token => InstallAsync(runner, machine, request, detail, version, outcome, token),
                    done => new StepReport
                    {
                        Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["Version"] = done.InstalledVersion.ToString(), ["Log"] = done.LogPath },
                        Changes = new[] { $"Installed Octopus Server {done.InstalledVersion}" + (done.RebootRequired ? "; the machine must restart to complete it" : string.Empty) },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                machine.Report("Done", completed: true);
            }
        }

        private static async Task<InstallOutcome> InstallAsync(StepRunner runner, ServerNodeMachine machine, InstallRequest request, InstallPlan detail, OctopusVersion version, InstallOutcome outcome, CancellationToken cancellationToken)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(detail.LogPath)) is { } logFolder)
            {
                Directory.CreateDirectory(logFolder);
            }

            machine.Report("Running msiexec");
            var tool = new OctopusToolRunner(runner.Reporter, runner.Session.Masker);
            var result = await tool.RunAsync(
                new OctopusToolInvocation(detail.MsiexecPath, MsiexecCommandLine.Install(detail.MsiPath, detail.LogPath)) { Timeout = request.Timeout, ReturnsAnyExitCode = true },
                cancellationToken).ConfigureAwait(false);
            var exit = MsiExitCode.ForProcess(result.ExitCode);
            if (!exit.IsSuccess)
            {
                throw exit.ToError(detail.MsiPath, detail.LogPath, MsiLog.RelevantTail(detail.LogPath));
            }

            var installed = await machine.ReadInstalledVersionAsync(request.Timeout, cancellationToken).ConfigureAwait(false);
            if (installed != version)
            {
                throw new OctopusUpgradeException(
                    InstallErrorIds.VersionNotConfirmed,
                    FailureCategory.InvalidOperation,
                    $"msiexec exited {exit.Code} ({exit.Name}) installing '{detail.MsiPath}', but Octopus.Server.exe version reports {installed}, not the MSI's {version}. Read the MSI log ({detail.LogPath}); the services are stopped.",
                    detail.MsiPath);
            }

            return outcome with { InstalledVersion = installed, ExitCode = exit.Code, RebootRequired = exit.Code == MsiExitCode.RebootRequired };
        }

        /// <summary>msiexec as the plan shows it, secrets masked (an MSI path could hold one only by accident).</summary>
        private static string Shown(StepRunner runner, InstallPlan plan) =>
            runner.Session.Masker.Mask(WindowsCommandLine.Join(new[] { plan.MsiexecPath }) + " " + WindowsCommandLine.Join(MsiexecCommandLine.Install(plan.MsiPath, plan.LogPath)));

        // A bare name is Windows's own msiexec, in the system folder, so a planted msiexec.exe elsewhere on PATH is not run.
        private static string Msiexec(string path) =>
            Path.IsPathRooted(path) ? path : Path.Combine(Environment.SystemDirectory, path);

        private static StepStage Stage(string name, string ifInterrupted, string key, string value) =>
            new(name, ifInterrupted) { Details = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value } };
    }
}
