using System.Linq;

namespace OctopusUpgrade.Module.Tests.Contract
{
    public sealed class ModuleContractTests
    {
        public static TheoryData<string> Editions => new() { "desktop", "core" };

        [Theory]
        [MemberData(nameof(Editions))]
        public void The_built_module_keeps_every_rule(string edition)
        {
            var module = edition == "desktop" ? ModuleUnderTest.Desktop : ModuleUnderTest.Core;
            var violations = ModuleContract.Check(module);
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }

        [Theory]
        [InlineData(ContractRule.ManifestMissingCmdlet, "Upgrade-OctopusThing")]
        [InlineData(ContractRule.ManifestExtraCmdlet, "Get-NothingHere")]
        [InlineData(ContractRule.WildcardExport, "FunctionsToExport")]
        [InlineData(ContractRule.WildcardExport, "AliasesToExport")]
        [InlineData(ContractRule.UnapprovedVerb, "Upgrade-OctopusThing")]
        [InlineData(ContractRule.MissingShouldProcess, "Set-OctopusThing")]
        [InlineData(ContractRule.ConfirmImpactNotHigh, "Remove-OctopusData")]
        [InlineData(ContractRule.SessionNotPipelineBound, "Remove-OctopusData")]
        [InlineData(ContractRule.MissingOutputType, "Upgrade-OctopusThing")]
        [InlineData(ContractRule.DuplicatePosition, "Set-OctopusThing")]
        [InlineData(ContractRule.ThirdPartyTypeInSignature, "BadModule.SetOctopusThingCommand.Settings")]
        [InlineData(ContractRule.ThirdPartyTypeInSignature, "BadModule.SetOctopusThingCommand.Serializer")]
        [InlineData(ContractRule.ThirdPartyTypeInHierarchy, "BadModule.CharPool")]
        [InlineData(ContractRule.MissingSynopsis, "Upgrade-OctopusThing")]
        [InlineData(ContractRule.MissingParameterHelp, "Set-OctopusThing")]
        public void Each_check_fails_on_the_deliberately_bad_module(ContractRule rule, string subject)
        {
            var violations = ModuleContract.Check(ModuleUnderTest.Bad);
            Assert.Contains(violations, v => v.Rule == rule && v.Subject == subject);
        }

        [Fact]
        public void The_bad_module_breaks_nothing_it_was_not_built_to_break()
        {
            var violations = ModuleContract.Check(ModuleUnderTest.Bad);

            Assert.DoesNotContain(violations, v => v.Subject == "Remove-OctopusData" && v.Rule is ContractRule.MissingShouldProcess or ContractRule.MissingOutputType or ContractRule.MissingParameterHelp);
            Assert.Equal(new[] { "-Name" }, violations.Where(v => v.Rule == ContractRule.MissingParameterHelp && v.Subject == "Set-OctopusThing").Select(v => v.Detail.Split(' ')[0]));
        }
    }
}
