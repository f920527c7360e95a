using System;
using System.Linq;
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
        public TimeSpan ReindexTimeout { get; set; } = PackageReindexRequest.DefaultTimeout;

        /// <summary>Restarts the server for -Reindex without the extra question a High-impact action asks under this Medium cmdlet.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var request = new CopyNuGetPackagesRequest
            {
                SourcePath = ResolvePath(Source),
                DestinationPath = ResolvePath(Destination),
                VerifyMode = Verify == Results.PackageVerification.Full ? PackageVerifyMode.Full : PackageVerifyMode.Fast,
                MaxParallelism = ThrottleLimit,
                Reindex = Reindex.IsPresent,
                ReindexTimeout = ReindexTimeout,
            };
            var run = RunStep(session, new CopyNuGetPackagesStep(), request, Force.IsPresent);
            if (run is null)
            {
                return;
            }

            var outcome = run.Result;
            WriteObject(new Results.PackageCopyResult(session, run.Started, run.Ended)
            {
                Source = outcome.Copy.SourcePath,
                Destination = outcome.Copy.DestinationPath,
                Copied = outcome.Copy.Copied,
                Skipped = outcome.Copy.Skipped,
                Failed = outcome.Copy.Failed,
                BytesCopied = outcome.Copy.BytesCopied,
                BytesPerSecond = outcome.Copy.BytesPerSecond,
                PackageCount = outcome.Copy.PackageCount,
                Reindexed = outcome.Reindexed,
                IndexedPackages = outcome.Reindex?.PackageCount,
                MissingPackages = outcome.Reindex?.Missing.Select(p => p.ToString()).ToArray() ?? Array.Empty<string>(),
            });
            if (outcome.ReindexError is not null)
            {
                ThrowEngineError(outcome.ReindexError, session.Engine.Masker);
            }
        }
    }
}
