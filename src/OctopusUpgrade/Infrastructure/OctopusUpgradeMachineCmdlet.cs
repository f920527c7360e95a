using System.Linq;
using System.Management.Automation;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that act on Tentacles. <c>-MachineName</c> binds by property name, so piping one
    /// step's per-machine results into the next acts on each result's machine only.
    /// </summary>
    public abstract class OctopusUpgradeMachineCmdlet : OctopusUpgradeSessionCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? MachineName { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Environment { get; set; }

        /// <summary>The selection in words, for ShouldProcess and progress ("every Tentacle in Production").</summary>
        internal string DescribeSelection()
        {
            var machines = MachineName is null ? "every Tentacle" : string.Join(", ", MachineName);
            return Environment is null ? machines : machines + " in " + string.Join(", ", Environment.Select(e => "'" + e + "'"));
        }
    }
}
