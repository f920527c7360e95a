using System.Linq;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    public sealed class OpenActivitiesTests
    {
        [Fact]
        public void Open_activities_are_completed_deepest_first_and_only_once()
        {
            var open = new OpenActivities();
            open.Observe(new OperationProgress(1, "root", "r"));
            open.Observe(new OperationProgress(3, "grandchild", "g") { ParentActivityId = 2 });
            open.Observe(new OperationProgress(4, "sibling", "s") { ParentActivityId = 1 });
            open.Observe(new OperationProgress(2, "child", "c") { ParentActivityId = 1, PercentComplete = 40 });

            var closing = open.CompleteAll();

            Assert.Equal(new[] { 3, 4, 2, 1 }, closing.Select(p => p.ActivityId));
            Assert.All(closing, p => Assert.True(p.Completed));
            Assert.Equal(40, closing.Single(p => p.ActivityId == 2).PercentComplete);
            Assert.Empty(open.CompleteAll());
        }

        [Fact]
        public void A_completed_activity_is_not_completed_again_and_its_latest_update_is_the_one_kept()
        {
            var open = new OpenActivities();
            open.Observe(new OperationProgress(1, "copy", "first"));
            open.Observe(new OperationProgress(1, "copy", "second"));
            open.Observe(new OperationProgress(2, "done", "d"));
            open.Observe(new OperationProgress(2, "done", "d") { Completed = true });

            Assert.Equal(new[] { "second" }, open.CompleteAll().Select(p => p.Status));
        }

        [Fact]
        public void Activities_that_name_each_other_as_parents_are_still_all_completed()
        {
            var open = new OpenActivities();
            open.Observe(new OperationProgress(1, "a", "a") { ParentActivityId = 2 });
            open.Observe(new OperationProgress(2, "b", "b") { ParentActivityId = 1 });

            Assert.Equal(new[] { 1, 2 }, open.CompleteAll().Select(p => p.ActivityId).OrderBy(id => id));
        }

        [Fact]
        public void An_activity_that_names_itself_as_its_parent_counts_as_a_root()
        {
            var open = new OpenActivities();
            open.Observe(new OperationProgress(5, "self", "s") { ParentActivityId = 5 });
            open.Observe(new OperationProgress(1, "root", "r"));
            open.Observe(new OperationProgress(2, "child", "c") { ParentActivityId = 1 });

            Assert.Equal(new[] { 2, 5, 1 }, open.CompleteAll().Select(p => p.ActivityId));
        }
    }
}
