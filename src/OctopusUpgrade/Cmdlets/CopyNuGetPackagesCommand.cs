using System;
using System.Globalization;
using System.Management.Automation;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Infrastructure;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Copies the built-in NuGet feed's packages to the upgraded server's packages folder, verified, then optionally re-indexes.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "NuGetPackages", HelpUri = HelpLinks.Base + "Copy-NuGetPackages.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Results.PackageCopyResult))]
    public sealed class CopyNuGetPackagesCommand : OctopusUpgradeSessionCmdlet
    {
        [Parameter(Position = 0)]
        [Alias("SourcePath")]
        [ValidateNotNullOrEmpty]
        public string? Source { get; set; }

        [Parameter(Position = 1)]
        [Alias("DestinationPath")]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        [Parameter]
        public Results.PackageVerification Verify { get; set; } = Results.PackageVerification.Fast;

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = PackageCopyRequest.DefaultParallelism;

        [Parameter]
        public SwitchParameter Reindex { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan ReindexTimeout { get; set; } = TimeSpan.FromMinutes(40);

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var masker = session.Engine.Masker;
            var options = new PackageCopyOptions
            {
                SourcePath = ResolvePath(Source),
                DestinationPath = ResolvePath(Destination),
                VerifyMode = Verify == Results.PackageVerification.Full ? PackageVerifyMode.Full : PackageVerifyMode.Fast,
                MaxParallelism = ThrottleLimit,
                Reindex = Reindex.IsPresent,
                ReindexTimeout = ReindexTimeout,
            };

            // ShouldProcess belongs to the pipeline thread, so planning (read-only) and copying are two engine calls.
            var plan = RunEngine((reporter, token) => new PackageCopyOperation(session.Engine, reporter, TimeProvider.System).PlanAsync(options, token), masker);
            var summary = string.Format(
                CultureInfo.InvariantCulture,
                "Copy {0} package files ({1:N1} MB) from '{2}'; skip {3} already identical",
                plan.FilesToCopy.Count,
                plan.BytesToCopy / 1048576.0,
                plan.SourcePath,
                plan.Files.Count - plan.FilesToCopy.Count);
            var restart = "Restart the Octopus Server service to re-index the built-in feed: " + PackageReindexer.DescribeRestart(session.InstallPath, session.InstanceName);
            if (!ShouldProcess(plan.DestinationPath + ": " + summary, summary + "?", "Copy-NuGetPackages", out var reason))
            {
                if (reason == ShouldProcessReason.WhatIf)
                {
                    foreach (var file in plan.Files)
                    {
                        ShouldProcess(file.DestinationPath, (file.Action == PackageCopyAction.Copy ? "Copy" : "Skip") + " (" + file.Reason + ")");
                    }

                    if (Reindex)
                    {
                        ShouldProcess(session.Server.ToString(), restart);
                    }
                }

                return;
            }

            var reindex = Reindex.IsPresent && ShouldProcess(session.Server.ToString(), restart);
            var started = DateTimeOffset.Now;
            var outcome = RunEngine(
                (reporter, token) => new PackageCopyOperation(session.Engine, reporter, TimeProvider.System).ExecuteAsync(plan, options with { Reindex = reindex }, token),
                masker);
            WriteObject(new Results.PackageCopyResult(session, started, DateTimeOffset.Now)
            {
                Source = outcome.Copy.SourcePath,
                Destination = outcome.Copy.DestinationPath,
                Copied = outcome.Copy.Copied,
                Skipped = outcome.Copy.Skipped,
                Failed = outcome.Copy.Failed,
                BytesCopied = outcome.Copy.BytesCopied,
                BytesPerSecond = outcome.Copy.BytesPerSecond,
                PackageCount = outcome.Copy.PackageCount,
                Reindexed = outcome.Reindex is not null,
                IndexedPackages = outcome.Reindex?.PackageCount,
            });
        }
    }
}
