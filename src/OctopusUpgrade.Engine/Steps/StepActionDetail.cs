namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>One line -WhatIf shows under an action, such as one file to copy or skip and why.</summary>
    public sealed record StepActionDetail(string Target, string Description);
}
