using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Results;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Copies the built-in NuGet feed's packages to the upgraded server's packages folder, verified, then optionally re-indexes.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "NuGetPackages", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PackageCopyResult))]
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
        public PackageVerification Verify { get; set; } = PackageVerification.Fast;

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        [Parameter]
        public SwitchParameter Reindex { get; set; }

        [Parameter]
        [TimeoutTransformation]
        public TimeSpan ReindexTimeout { get; set; } = TimeSpan.FromMinutes(30);

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            if (!ShouldProcess(Destination ?? "the packages folder of " + session, $"Copy built-in feed packages from {Source ?? "the 2.6 Repository\\Packages folder"}"))
            {
                return;
            }

            ThrowEngineError(PendingOperation.NotAvailableYet(MyInvocation.MyCommand.Name), session.Engine.Masker);
        }
    }
}
