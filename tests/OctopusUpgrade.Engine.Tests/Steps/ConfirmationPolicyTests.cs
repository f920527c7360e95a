using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Tests.Steps
{
    public sealed class ConfirmationPolicyTests
    {
        private const ActionImpact Low = ActionImpact.Low;
        private const ActionImpact Medium = ActionImpact.Medium;
        private const ActionImpact High = ActionImpact.High;

        [Theory]
        [InlineData(Medium, High, High, false, false, true)] // the default: a restart under Copy-NuGetPackages asks
        [InlineData(Medium, High, High, true, false, false)] // -Force
        [InlineData(Medium, High, High, false, true, false)] // -Confirm:$false, or -Confirm (ShouldProcess asked already)
        [InlineData(Medium, High, Medium, false, false, false)] // ShouldProcess asked already at the cmdlet's impact
        [InlineData(Medium, High, Low, false, false, false)]
        [InlineData(Medium, High, null, false, false, false)] // $ConfirmPreference = 'None'
        [InlineData(Medium, Medium, High, false, false, false)] // no higher than its cmdlet
        [InlineData(High, High, High, false, false, false)] // ShouldProcess asked already
        [InlineData(Low, Medium, Medium, false, false, true)]
        [InlineData(Low, Medium, High, false, false, false)] // below the preference: not asked, as a Medium cmdlet would not be
        public void A_higher_impact_action_is_asked_about_at_its_own_weight(ActionImpact cmdlet, ActionImpact action, ActionImpact? preference, bool force, bool confirmGiven, bool asks)
        {
            Assert.Equal(asks, ConfirmationPolicy.AsksAgain(cmdlet, action, preference, force, confirmGiven));
        }
    }
}
