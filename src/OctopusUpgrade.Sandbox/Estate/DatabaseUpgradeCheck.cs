namespace OctopusUpgrade.Sandbox
{
    /// <summary>One pre-condition <c>database --upgrade</c> checks before it changes anything, printed as <c>PASS: …</c> or <c>FAIL: …</c>.</summary>
    public sealed record DatabaseUpgradeCheck(bool Passed, string Text);
}
