namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>How much an action can hurt if run by mistake; the cmdlets map it to PowerShell's ConfirmImpact.</summary>
    public enum ActionImpact
    {
        Low = 1,
        Medium = 2,

        /// <summary>Cannot be taken back by the module, or interrupts the service: a restart, a restore, a removal.</summary>
        High = 3,
    }
}
