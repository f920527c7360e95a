namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>
    /// When an action is asked about a second time. PowerShell's ShouldProcess weighs every action at its cmdlet's
    /// ConfirmImpact; an action of higher impact (the service restart behind a Medium cmdlet's -Reindex) is weighed
    /// again at its own, as if its cmdlet were that high, so the default $ConfirmPreference (High) asks before it.
    /// </summary>
    public static class ConfirmationPolicy
    {
        /// <param name="cmdletImpact">The cmdlet's ConfirmImpact, at which ShouldProcess has already weighed the action.</param>
        /// <param name="actionImpact">The action's own impact.</param>
        /// <param name="preference">$ConfirmPreference; null for None (never ask).</param>
        /// <param name="force">-Force: the user has said yes in advance.</param>
        /// <param name="confirmGiven">-Confirm or -Confirm:$false was given: ShouldProcess asked about every action already, or the user said not to ask.</param>
        public static bool AsksAgain(ActionImpact cmdletImpact, ActionImpact actionImpact, ActionImpact? preference, bool force, bool confirmGiven) =>
            !force
            && !confirmGiven
            && actionImpact > cmdletImpact
            && preference is not null
            && cmdletImpact < preference
            && actionImpact >= preference;
    }
}
