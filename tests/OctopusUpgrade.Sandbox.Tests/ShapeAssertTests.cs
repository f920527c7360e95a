using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace OctopusUpgrade.Sandbox.Tests
{
    /// <summary>The shape comparison fails on what a names-only comparison lets through.</summary>
    public sealed class ShapeAssertTests
    {
        [Theory]
        [InlineData("""{"Time":"2019-05-27T09:46:00.123+10:00"}""", """{"Time":"27/05/2019 09:46"}""")]
        [InlineData("""{"Version":"2019.7.12"}""", """{"Version":"2019.7"}""")]
        [InlineData("""{"Version":"4.0.1"}""", """{"Version":"4.0.1.0"}""")]
        [InlineData("""{"Count":3}""", """{"Count":"3"}""")]
        [InlineData("""{"IsDisabled":false}""", """{"IsDisabled":"False"}""")]
        [InlineData("""{"State":"Success"}""", """{"State":"Succeeded"}""")]
        [InlineData("""{"Items":[{"HealthStatus":"Healthy"}]}""", """{"Items":[{"HealthStatus":"Healthy"},{"HealthStatus":"Fine"}]}""")]
        [InlineData("""{"Links":{"Tasks":"/api/tasks{/id}{?skip,take}"}}""", """{"Links":{"Tasks":"/api/tasks{/id}{?skip}"}}""")]
        [InlineData("""{"Links":{"Tasks":"/api/tasks{/id}{?skip,take}"}}""", """{"Links":{"Tasks":"/api/tasks{?skip,take}"}}""")]
        [InlineData("""{"Links":{"Machines":"/api/Spaces-1/machines{?skip}"}}""", """{"Links":{"Machines":"/api/machines{?skip}"}}""")]
        public void A_value_in_another_format_than_recorded_fails_though_the_names_match(string recorded, string served)
        {
            Assert.Throws<TrueException>(() => ShapeAssert.Covers(JsonNode.Parse(recorded)!, JsonNode.Parse(served)!, exact: true));
        }

        [Theory]
        [InlineData("""{"Time":"2019-05-27T09:46:00.123+10:00"}""", """{"Time":"2026-11-30T03:00:00.0000000+00:00"}""")]
        [InlineData("""{"Version":"3.3.0-beta0002"}""", """{"Version":"3.12.1"}""")]
        [InlineData("""{"State":"Success"}""", """{"State":"TimedOut"}""")]
        [InlineData("""{"Name":"web01"}""", """{"Name":"anything at all"}""")]
        [InlineData("""{"CompletedTime":"2019-05-27T09:46:00+10:00"}""", """{"CompletedTime":null}""")]
        [InlineData("""{"Links":{"Self":"/api/Spaces-1/tasks/ServerTasks-620","Page.Current":"/api/tasks?skip=0&take=10"}}""", """{"Links":{"Self":"/api/Spaces-2/tasks/ServerTasks-1","Page.Current":"/api/tasks?skip=30&take=30"}}""")]
        public void Another_value_in_the_recorded_format_passes(string recorded, string served)
        {
            ShapeAssert.Covers(JsonNode.Parse(recorded)!, JsonNode.Parse(served)!, exact: true);
        }
    }
}
