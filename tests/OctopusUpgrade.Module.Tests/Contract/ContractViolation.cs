namespace OctopusUpgrade.Module.Tests.Contract
{
    /// <summary>One broken rule, and where.</summary>
    public sealed record ContractViolation(ContractRule Rule, string Subject, string Detail)
    {
        public override string ToString() => $"{Rule}: {Subject}: {Detail}";
    }
}
