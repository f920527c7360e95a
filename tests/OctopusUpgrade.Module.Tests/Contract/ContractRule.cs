namespace OctopusUpgrade.Module.Tests.Contract
{
    /// <summary>The rules a cmdlet assembly and its manifest must keep.</summary>
    public enum ContractRule
    {
        ManifestMissingCmdlet,
        ManifestExtraCmdlet,
        WildcardExport,
        UnapprovedVerb,
        MissingShouldProcess,
        ConfirmImpactNotHigh,
        SessionNotPipelineBound,
        MissingOutputType,
        DuplicatePosition,
        ThirdPartyTypeInSignature,
        ThirdPartyTypeInHierarchy,
        MissingSynopsis,
        MissingParameterHelp,
    }
}
