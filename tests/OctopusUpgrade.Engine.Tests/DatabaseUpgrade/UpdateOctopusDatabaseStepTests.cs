using System;
using System.Linq;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.DatabaseUpgrade;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.DatabaseUpgrade
{
    /// <summary>Update-OctopusDatabase against the in-process sandbox: the node's stand-in and the TDS endpoint.</summary>
    public sealed class UpdateOctopusDatabaseStepTests
    {
        private const string Installed = "2024.1.5000";
        private static readonly UpdateOctopusDatabaseStep Step = new();

        [Fact]
        public async Task Moves_the_schema_to_the_installed_version_and_reads_it_back_from_sql_server()
        {
            await using var sandbox = await SandboxSession.StartAsync(Estate("2023.1.9000", "NODE1"));
            await using var s = sandbox.ForNode("NODE1");
            var estate = sandbox.Sandbox.Estate;
            var scriptsBefore = estate.Sql.SchemaScripts.Count;
            Install(estate, "NODE1");

            var outcome = await s.RunAsync(Step, new UpdateOctopusDatabaseRequest());

            Assert.Equal(Installed, estate.Version.Text);
            Assert.True(outcome.Verified);
            Assert.Equal(estate.Sql.SchemaScripts.Count - scriptsBefore, outcome.ScriptsApplied);
            Assert.True(outcome.ScriptsApplied > 0);
            Assert.Equal(estate.Sql.SchemaScripts[^1], outcome.LastScript);
            Assert.Equal(Installed, estate.Sql.InstalledVersions[^1]);
            Assert.Contains(s.Reporter.Progresses, p => p.ActivityId == UpdateOctopusDatabaseStep.ActivityId && (p.CurrentOperation ?? string.Empty).StartsWith("Executing Database Server script", StringComparison.Ordinal));
            Assert.Equal((UpdateOctopusDatabaseStep.StepName, StepOutcome.Succeeded), (s.Session.Journal.Records.Last().Step, s.Session.Journal.Records.Last().Outcome));
        }

        [Fact]
        public async Task Failed_preconditions_become_one_error_naming_each_check_and_its_remedy_and_change_nothing()
        {
            var description = Estate("2019.7.12", "NODE1");
            description.License.IsCompliant = false;
            description.Sql = SqlServerDescription.ForOctopusVersion("2019.7.12");
            description.Sql.ProductVersion = "11.0.7001.0";
            await using var sandbox = await SandboxSession.StartAsync(description);
            await using var s = sandbox.ForNode("NODE1");
            var estate = sandbox.Sandbox.Estate;
            var scriptsBefore = estate.Sql.SchemaScripts.Count;
            Install(estate, "NODE1");

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, new UpdateOctopusDatabaseRequest()));

            Assert.Equal(DatabaseUpgradeErrorIds.PreconditionFailed, error.ErrorId);
            Assert.Contains("FAIL: Your Octopus Server would not be compliant with your license", error.Message, StringComparison.Ordinal);
            Assert.Contains("Remedy: Renew or extend the license", error.Message, StringComparison.Ordinal);
            Assert.Contains("FAIL: SQL Server 11.0.7001.0 is not supported", error.Message, StringComparison.Ordinal);
            Assert.Contains("Remedy: Upgrade SQL Server", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("collation", error.Message, StringComparison.Ordinal);
            Assert.Equal("2019.7.12", estate.Version.Text);
            Assert.Equal(scriptsBefore, estate.Sql.SchemaScripts.Count);
            Assert.Equal((StepOutcome.Failed, UpdateOctopusDatabaseStep.StepName), (s.Session.Journal.Records.Last().Outcome, s.Session.Journal.Records.Last().Step));
        }

        [Fact]
        public async Task Skipping_the_license_check_passes_the_command_line_switch_and_upgrades()
        {
            var description = Estate("2023.1.9000", "NODE1");
            description.License.IsCompliant = false;
            await using var sandbox = await SandboxSession.StartAsync(description);
            await using var s = sandbox.ForNode("NODE1");
            Install(sandbox.Sandbox.Estate, "NODE1");
            var request = new UpdateOctopusDatabaseRequest { SkipLicenseCheck = true };

            var plan = await s.Runner.PlanAsync(Step, request, default);
            await s.RunAsync(Step, request);

            Assert.EndsWith("database --console --instance OctopusServer --upgrade --skipLicenseCheck", Assert.Single(plan.Actions).Description, StringComparison.Ordinal);
            Assert.Equal(Installed, sandbox.Sandbox.Estate.Version.Text);
        }

        [Fact]
        public async Task Refuses_while_other_nodes_run_and_with_force_the_tool_itself_refuses()
        {
            await using var sandbox = await SandboxSession.StartAsync(Estate("2023.1.9000", "NODE1", "NODE2", "NODE3"));
            await using var s = sandbox.ForNode("NODE1", throughLoadBalancer: true);
            var estate = sandbox.Sandbox.Estate;
            Install(estate, "NODE1");

            var refused = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.Runner.PlanAsync(Step, new UpdateOctopusDatabaseRequest(), default));
            var forced = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, new UpdateOctopusDatabaseRequest { Force = true }));

            Assert.Equal(DatabaseUpgradeErrorIds.NodesRunning, refused.ErrorId);
            Assert.Contains("NODE2, NODE3", refused.Message, StringComparison.Ordinal);
            Assert.Equal(DatabaseUpgradeErrorIds.PreconditionFailed, forced.ErrorId);
            Assert.Contains("Remedy: Stop every other node", forced.Message, StringComparison.Ordinal);
            Assert.Equal("2023.1.9000", estate.Version.Text);
        }

        private static EstateDescription Estate(string version, params string[] nodes)
        {
            var description = EstateDescription.ForVersion(version);
            description.Nodes = nodes.Select(n => new NodeDescription { Name = n }).ToList();
            return description;
        }

        // The MSI on the node's machine: its service stopped, its binaries at the new version.
        private static void Install(Estate estate, string node)
        {
            estate.GetNode(node).Service.Stop();
            estate.InstallOnNode(node, Installed);
        }
    }
}
