using System.Management.Automation;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet that works within a session. <c>-Session</c> binds from the pipeline both by value
    /// (a piped session) and by property name (any step's result, which carries its session); without it, the
    /// session created last in this runspace is used.
    /// </summary>
    public abstract class OctopusUpgradeSessionCmdlet : OctopusUpgradeCmdlet
    {
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public OctopusUpgradeSession? Session { get; set; }

        /// <summary>The session this call works in: the one given, or the runspace's default.</summary>
        internal OctopusUpgradeSession ResolveSession()
        {
            var session = Session ?? DefaultSessionStore.Current;
            if (session is null)
            {
                ThrowEngineError(
                    new OctopusUpgradeException(
                        SessionErrorIds.NotFound,
                        FailureCategory.InvalidOperation,
                        $"{MyInvocation.MyCommand.Name} needs an upgrade session: run New-OctopusUpgradeSession first, or pass one with -Session."),
                    masker: null);
            }

            return session!;
        }
    }
}
