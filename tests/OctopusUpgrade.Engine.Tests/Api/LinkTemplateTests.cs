using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Api.Http;

namespace OctopusUpgrade.Engine.Tests.Api
{
    public sealed class LinkTemplateTests
    {
        private const string Machines2019 = "/api/Spaces-1/machines{/id}{?skip,take,name,ids,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags,environmentIds,thumbprint,deploymentId}";

        public static TheoryData<string, Dictionary<string, object>, string> Expansions => new()
        {
            { Machines2019, new Dictionary<string, object>(), "/api/Spaces-1/machines" },
            { Machines2019, new Dictionary<string, object> { ["id"] = "Machines-3" }, "/api/Spaces-1/machines/Machines-3" },
            { Machines2019, new Dictionary<string, object> { ["skip"] = "200", ["take"] = "100" }, "/api/Spaces-1/machines?skip=200&take=100" },
            { Machines2019, new Dictionary<string, object> { ["name"] = "web server/1" }, "/api/Spaces-1/machines?name=web%20server%2F1" },
            { "/api/tasks{/id}{?skip,states,take}", new Dictionary<string, object> { ["states"] = new[] { "Queued", "Executing" }, ["take"] = "50" }, "/api/tasks?states=Queued,Executing&take=50" },
            { "/api/environments{?nonStale,skip}", new Dictionary<string, object> { ["skip"] = "10" }, "/api/environments?skip=10" },
            { "/api/{spaceId}", new Dictionary<string, object> { ["spaceId"] = "Spaces-2" }, "/api/Spaces-2" },
            { "/api/tasks/ServerTasks-1/details{?verbose,tail}", new Dictionary<string, object> { ["verbose"] = "true" }, "/api/tasks/ServerTasks-1/details?verbose=true" },
            { "/api/maintenanceconfiguration", new Dictionary<string, object>(), "/api/maintenanceconfiguration" },
        };

        [Theory]
        [MemberData(nameof(Expansions))]
        public void Expands_per_rfc_6570(string template, Dictionary<string, object> variables, string expected) =>
            Assert.Equal(expected, LinkTemplate.Expand(template, variables));

        [Fact]
        public void Lists_declared_variables() =>
            Assert.Equal(new[] { "id", "skip", "take", "verbose" }, LinkTemplate.Variables("/api/x{/id}{?skip,take}/y{?verbose}"));

        [Fact]
        public void Refuses_a_variable_the_template_does_not_declare()
        {
            // A 3.x Tasks link has no "states": silently dropping it would list every task instead of the active ones.
            var ex = Assert.Throws<ArgumentException>(() => LinkTemplate.Expand(
                "/api/tasks{/id}{?skip,active,environment,project,name,node,running}",
                new Dictionary<string, object> { ["states"] = new[] { "Queued" } }));
            Assert.Contains("states", ex.Message);
        }
    }
}
