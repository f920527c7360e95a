using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    public sealed class OperationProgressTests
    {
        [Fact]
        public void A_new_progress_record_has_no_parent_and_unknown_percentage_and_time_left_as_powershell_expects()
        {
            var progress = new OperationProgress(7, "Copying", "3 of 10");

            Assert.Equal((-1, -1, -1, null, false), (progress.ParentActivityId, progress.PercentComplete, progress.SecondsRemaining, progress.CurrentOperation, progress.Completed));
        }
    }
}
