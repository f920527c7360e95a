using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
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
    /// installed: an exit code of 0 alone is not taken as an install. Windows Installer refuses an older version over a
    /// newer one of the same product, so a rollback to the previous MSI names the installed version's MSI as well: it is
    /// uninstalled (<c>msiexec /x</c>) after the services stop and before the older MSI installs, as Octopus's rollback
    /// procedure does; without it an older MSI is refused before anything stops. The services stay stopped; the database
    /// and the services are the next steps' work.
    /// </summary>
    public sealed class InstallOctopusServerStep : Step<InstallRequest, InstallPlan, InstallOutcome>
    {
        public const string StepName = "Install-OctopusServer";

        public const string StopAction = "Stop";

        public const string InstallAction = "Install";

        public const string UninstallAction = "Uninstall";

        public const int ActivityId = 4502;

        public override string Name => StepName;

        private protected override async Task<StepPlan<InstallPlan>> PlanCoreAsync(StepRunner runner, InstallRequest request, CancellationToken cancellationToken)
        {
            var msi = MsiPackage.Read(request.MsiPath);
            var uninstall = request.UninstallMsiPath is null ? null : MsiPackage.Read(request.UninstallMsiPath);
            var version = msi.ProductVersion;
            var machine = ServerNodeMachine.For(runner, StepName, ActivityId);
            var listed = await machine.RunAsync(OctopusServerCommandLine.ListInstances(), request.Timeout, cancellationToken).ConfigureAwait(false);
            var instances = OctopusServerToolOutput.ParseInstances(listed.StandardOutput);
            var installed = await machine.ReadInstalledVersionAsync(request.Timeout, cancellationToken).ConfigureAwait(false);
            RequireInstallable(request, msi, installed, uninstall);
            var logPath = request.LogPath ?? Path.Combine(Path.GetTempPath(), Path.GetFileNameWithoutExtension(request.MsiPath) + "-install.log");
            var plan = new InstallPlan(request.MsiPath, version, logPath, Msiexec(request.MsiexecPath), instances) { InstalledVersion = installed, UninstallMsiPath = request.UninstallMsiPath };
            var actions = new List<StepAction>
            {
                new(
                    StopAction,
                    string.Join(", ", instances),
                    "Stop the Octopus Server service of every instance on the machine: " + string.Join("; ", instances.Select(instance => machine.Describe(OctopusServerCommandLine.StopService(instance)))),
                    ActionImpact.High),
            };
            if (plan.UninstallMsiPath is { } uninstallPath)
            {
                actions.Add(new StepAction(
                    UninstallAction,
                    uninstallPath,
                    $"Uninstall Octopus Server {installed} (its program files; the home folder, configuration and database stay): {Shown(runner, plan.MsiexecPath, MsiexecCommandLine.Uninstall(uninstallPath, plan.UninstallLogPath))}",
                    ActionImpact.High));
            }

            actions.Add(new StepAction(
                InstallAction,
                request.MsiPath,
                $"Install Octopus Server {version} for every instance on the machine, confirmed by {machine.Describe(OctopusServerCommandLine.Version())}: {Shown(runner, plan.MsiexecPath, MsiexecCommandLine.Install(plan.MsiPath, plan.LogPath))}",
                ActionImpact.High));
            return new StepPlan<InstallPlan>(plan, actions);
        }

        private protected override async Task<InstallOutcome> ExecuteCoreAsync(StepRunner runner, InstallRequest request, StepPlan<InstallPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken)
        {
            var detail = plan.Detail;
            // Read again: the MSI may have gone since planning, and nothing may stop for an install that cannot run.
            var version = MsiPackage.Read(detail.MsiPath).ProductVersion;
            if (detail.UninstallMsiPath is not null)
            {
                MsiPackage.Read(detail.UninstallMsiPath);
            }

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
                        token => StopAsync(runner, machine, request, instance, token),
                        state => new StepReport { Changes = new[] { $"Stopped the Octopus Server service of instance '{instance}': {state}" } },
                        cancellationToken).ConfigureAwait(false);
                    stopped.Add(instance);
                }

                outcome = outcome with { StoppedInstances = stopped };
                if (!confirmed.Includes(InstallAction))
                {
                    return outcome with { InstalledVersion = await machine.ReadInstalledVersionAsync(request.Timeout, cancellationToken).ConfigureAwait(false) };
                }

                // Only together with the install: an uninstall alone would leave the machine without Octopus Server.
                if (detail.UninstallMsiPath is { } uninstallPath && confirmed.Includes(UninstallAction))
                {
                    await runner.RunStageAsync(
                        Stage(StepName + " uninstall", "Octopus Server may be uninstalled; run Install-OctopusServer with the MSI to install", "Msi", uninstallPath),
                        token => RunMsiexecAsync(runner, machine, detail.MsiexecPath, uninstallPath, MsiexecCommandLine.Uninstall(uninstallPath, detail.UninstallLogPath), detail.UninstallLogPath, request.Timeout, token),
                        _ => new StepReport { Changes = new[] { $"Uninstalled Octopus Server {detail.InstalledVersion}" } },
                        cancellationToken).ConfigureAwait(false);
                    outcome = outcome with { UninstalledVersion = detail.InstalledVersion };
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
            var exit = await RunMsiexecAsync(runner, machine, detail.MsiexecPath, detail.MsiPath, MsiexecCommandLine.Install(detail.MsiPath, detail.LogPath), detail.LogPath, request.Timeout, cancellationToken).ConfigureAwait(false);
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

        /// <summary>
        /// Stops one instance's service, then checks from outside that it stopped, before msiexec may run: the tool's exit
        /// code is its own word. The session's instance is checked over its API (no answer, or its node offline in the
        /// cluster); another instance on the machine has no API the session can reach, so its stop is taken from the tool
        /// with a warning.
        /// </summary>
        /// <returns>How the stop was confirmed.</returns>
        private static async Task<string> StopAsync(StepRunner runner, ServerNodeMachine machine, InstallRequest request, string instance, CancellationToken cancellationToken)
        {
            await machine.RunAsync(OctopusServerCommandLine.StopService(instance), request.Timeout, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(instance, machine.InstanceName, StringComparison.OrdinalIgnoreCase))
            {
                machine.Warn($"The stop of instance '{instance}' is not checked from outside: the session's API is instance '{machine.InstanceName}''s. Check its service is stopped before msiexec runs.");
                return "reported by service --stop only";
            }

            var node = ServerNodeMachine.NodeName(await machine.ReadConfigurationAsync(request.Timeout, cancellationToken).ConfigureAwait(false), instance);
            using var client = SessionApiClients.For(runner.Session, runner.Reporter, runner.Clock);
            var (stopped, state) = await machine.PollAsync(token => ServerNodeMachine.StoppedAsync(client, node, token), request.Timeout, request.PollInterval, cancellationToken).ConfigureAwait(false);
            if (!stopped)
            {
                throw new OctopusUpgradeException(
                    InstallErrorIds.InstanceNotStopped,
                    FailureCategory.OperationTimeout,
                    $"service --stop --instance {instance} reported success, but after {DurationText.Describe(request.Timeout)} {state}; msiexec was not run. Check the service on the machine (Get-Service) and that no watchdog or other tool restarts it, then run Install-OctopusServer again.",
                    instance);
            }

            return state;
        }

        /// <summary>Runs msiexec and explains a failing exit code (1603 with the log's failing action).</summary>
        private static async Task<MsiExitCode> RunMsiexecAsync(StepRunner runner, ServerNodeMachine machine, string msiexecPath, string msiPath, IReadOnlyList<string> arguments, string logPath, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(logPath)) is { } logFolder)
            {
                Directory.CreateDirectory(logFolder);
            }

            machine.Report("Running msiexec " + arguments[0]);
            var tool = new OctopusToolRunner(runner.Reporter, runner.Session.Masker);
            var result = await tool.RunAsync(new OctopusToolInvocation(msiexecPath, arguments) { Timeout = timeout, ReturnsAnyExitCode = true }, cancellationToken).ConfigureAwait(false);
            var exit = MsiExitCode.ForProcess(result.ExitCode);
            return exit.IsSuccess ? exit : throw exit.ToError(msiPath, logPath, MsiLog.RelevantTail(logPath));
        }

        /// <summary>
        /// Windows Installer refuses an older version over a newer one of the same product (the MSI's major upgrade
        /// forbids downgrades: exit 1603, "A newer version … is already installed"), so that is refused here, before
        /// anything stops, unless the installed version's MSI is named to be uninstalled first.
        /// </summary>
        private static void RequireInstallable(InstallRequest request, MsiProductProperties msi, OctopusVersion installed, MsiProductProperties? uninstall)
        {
            if (uninstall is null)
            {
                if (msi.ProductVersion < installed)
                {
                    throw new OctopusUpgradeException(
                        InstallErrorIds.DowngradeNeedsUninstall,
                        FailureCategory.InvalidOperation,
                        $"'{request.MsiPath}' installs Octopus Server {msi.ProductVersion}, older than the installed {installed}. Windows Installer refuses an older version over a newer one (msiexec exits 1603: \"A newer version of {msi.ProductName} is already installed\"). To roll back as Octopus's rollback procedure does, restore the database backup taken before the upgrade, then run Install-OctopusServer -MsiPath '{request.MsiPath}' -UninstallMsiPath <the {installed} MSI>: it uninstalls {installed} (program files only; the home folder, configuration and database stay) and installs {msi.ProductVersion}. Nothing was stopped.",
                        request.MsiPath);
                }

                return;
            }

            var reason = uninstall.ProductVersion != installed
                ? $"it is Octopus Server {uninstall.ProductVersion}, but {installed} is installed; name the MSI of the installed version"
                : uninstall.UpgradeCode is { } code && msi.UpgradeCode is { } target && !string.Equals(code, target, StringComparison.OrdinalIgnoreCase)
                    ? $"its UpgradeCode {code} is not the UpgradeCode {target} of '{request.MsiPath}', so it is another product"
                    : null;
            if (reason is not null)
            {
                throw new OctopusUpgradeException(
                    InstallErrorIds.UninstallMsiMismatch,
                    FailureCategory.InvalidArgument,
                    $"-UninstallMsiPath '{request.UninstallMsiPath}' cannot be uninstalled before '{request.MsiPath}': {reason}. Nothing was stopped.",
                    request.UninstallMsiPath);
            }
        }

        /// <summary>msiexec as the plan shows it, secrets masked (an MSI path could hold one only by accident).</summary>
        private static string Shown(StepRunner runner, string msiexecPath, IReadOnlyList<string> arguments) =>
            runner.Session.Masker.Mask(WindowsCommandLine.Join(new[] { msiexecPath }) + " " + WindowsCommandLine.Join(arguments));

        // A bare name is Windows's own msiexec, in the system folder, so a planted msiexec.exe elsewhere on PATH is not run.
        private static string Msiexec(string path) =>
            Path.IsPathRooted(path) ? path : Path.Combine(Environment.SystemDirectory, path);

        private static StepStage Stage(string name, string ifInterrupted, string key, string value) =>
            new(name, ifInterrupted) { Details = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value } };
    }
}
