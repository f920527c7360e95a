using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Readiness;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Backups;
using OctopusUpgrade.Engine.Versions;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Readiness
{
    /// <summary>Test-OctopusUpgradeReadiness against the sandbox: a healthy estate passes everything; each problem fails (or warns) the right check, with its remedy.</summary>
    public sealed class TestOctopusUpgradeReadinessStepTests
    {
        public static TheoryData<string, string, string, ReadinessStatus> Problems => new()
        {
            { "old SQL Server", EstatePresets.V2019, ReadinessChecks.SqlServerVersion, ReadinessStatus.Fail },
            { "non-compliant license", EstatePresets.V2019, ReadinessChecks.License, ReadinessStatus.Fail },
            { "3.x straight to 2024.3", EstatePresets.V3, ReadinessChecks.UpgradePath, ReadinessStatus.Fail },
            { "2.6 past 2018.10", EstatePresets.Legacy26, ReadinessChecks.UpgradePath, ReadinessStatus.Fail },
            { "full volume", EstatePresets.V2019, ReadinessChecks.BackupSpace, ReadinessStatus.Fail },
            { "no install folder", EstatePresets.V2019, ReadinessChecks.MasterKey, ReadinessStatus.Fail },
            { "custom object", EstatePresets.V2019, ReadinessChecks.CustomObjects, ReadinessStatus.Warn },
            { "offline machine", EstatePresets.V2019, ReadinessChecks.Tentacles, ReadinessStatus.Warn },
            { "nodes on two versions", EstatePresets.V2019, ReadinessChecks.Nodes, ReadinessStatus.Fail },
            { "a second node online", EstatePresets.V2019, ReadinessChecks.Nodes, ReadinessStatus.Warn },
            { "a deployment running", EstatePresets.V2019, ReadinessChecks.RunningTasks, ReadinessStatus.Warn },
        };

        [Fact]
        public async Task A_healthy_estate_passes_every_check_and_nothing_changes()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.V2019);
            var before = (sandbox.Server.Estate.IsInMaintenanceMode, sandbox.Server.Estate.Sql.SchemaScripts.Count, sandbox.Server.Estate.Service.Starts);

            var checks = await RunAsync(sandbox, "2020.6.4");

            Assert.Equal(10, checks.Count);
            Assert.All(checks, c => Assert.True(c.Status == ReadinessStatus.Pass, $"{c.Name}: {c.Status} {c.Detail}"));
            Assert.DoesNotContain(ReadinessStatus.Fail, checks.Select(c => c.Status));
            Assert.Empty(sandbox.Reporter.Errors);
            Assert.Equal(before, (sandbox.Server.Estate.IsInMaintenanceMode, sandbox.Server.Estate.Sql.SchemaScripts.Count, sandbox.Server.Estate.Service.Starts));
            Assert.DoesNotContain(sandbox.Server.Estate.MasterKey, sandbox.Reporter.AllText + string.Join("\n", checks), StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(Problems))]
        public async Task Each_problem_makes_the_right_check_fail_or_warn_with_its_remedy(string problem, string version, string check, ReadinessStatus expected)
        {
            await using var sandbox = await BackupSandbox.StartAsync(version, installPath: problem != "no install folder", configure: d =>
            {
                switch (problem)
                {
                    case "old SQL Server": d.Sql!.ProductVersion = "12.0.6024.0"; break;
                    case "non-compliant license": d.License.IsCompliant = false; break;
                    case "full volume": d.Sql!.VolumeAvailableBytes = 1024 * 1024; break;
                    case "3.x straight to 2024.3": d.Sql!.ProductVersion = "15.0.2000.5"; break;
                    case "nodes on two versions": d.Nodes = [new NodeDescription { Name = "OCTOPUS01" }, new NodeDescription { Name = "OCTOPUS02", Version = "2019.6.0" }]; break;
                    case "a second node online": d.Nodes = [new NodeDescription { Name = "OCTOPUS01" }, new NodeDescription { Name = "OCTOPUS02" }]; break;
                    case "a deployment running":
                        d.Nodes = [new NodeDescription { RunningTasks = 1 }];
                        d.Durations.DeploymentSeconds = 3600;
                        break;
                }
            });
            if (problem == "custom object")
            {
                sandbox.Server.Estate.Sql.AddCustomObject(new SqlObjectDescription { Schema = "reporting", Name = "DeploymentsByWeek", Type = "V" });
            }

            if (problem == "offline machine")
            {
                var machine = sandbox.Server.Estate.Machines.First(m => !m.IsWorker);
                sandbox.Server.Estate.Update(() => machine.HealthStatus = "Unavailable");
            }

            var checks = await RunAsync(sandbox, version == EstatePresets.V3 ? "2024.3.12741" : version == EstatePresets.Legacy26 ? "2019.1.0" : "2020.6.4");

            var found = Assert.Single(checks, c => c.Name == check);
            Assert.Equal(expected, found.Status);
            Assert.False(string.IsNullOrWhiteSpace(found.Remedy));
            var others = checks.Where(c => c.Name != check && c.Status == ReadinessStatus.Fail).Select(c => c.Name + ": " + c.Detail);
            Assert.Empty(others);
            Assert.Contains(problem switch
            {
                "nodes on two versions" => "OCTOPUS02 2019.6.0",
                "a second node online" => "2 online",
                "a deployment running" => "1 task(s) running or queued",
                _ => string.Empty,
            }, found.Detail, StringComparison.Ordinal);
            if (expected == ReadinessStatus.Fail)
            {
                var error = Assert.Single(sandbox.Reporter.Errors);
                Assert.Equal(ReadinessErrorIds.CheckFailed, error.ErrorId);
                Assert.Contains(found.Remedy!, error.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task The_optional_system_integrity_check_runs_the_task_and_passes_when_it_succeeds()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.V2019);
            var before = sandbox.Server.Estate.Tasks.Count(t => t.Name == "SystemIntegrityCheck");

            var checks = await RunAsync(sandbox, "2020.6.4", new TestOctopusUpgradeReadinessRequest { SystemIntegrityCheck = true, PollInterval = TimeSpan.FromMilliseconds(50) });

            var found = Assert.Single(checks, c => c.Name == ReadinessChecks.SystemIntegrity);
            Assert.Equal(ReadinessStatus.Pass, found.Status);
            var task = Assert.Single(sandbox.Server.Estate.Tasks.Where(t => t.Name == "SystemIntegrityCheck").Skip(before));
            Assert.Equal("Success", task.State);
            Assert.Contains(task.Id, found.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_failed_system_integrity_check_fails_with_the_reason_the_task_gave()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.V2019);
            sandbox.Server.Faults.FailNextTask("SystemIntegrityCheck", message: "Document Projects-7 refers to missing LifecycleId Lifecycles-3.");

            var checks = await RunAsync(sandbox, "2020.6.4", new TestOctopusUpgradeReadinessRequest { SystemIntegrityCheck = true, PollInterval = TimeSpan.FromMilliseconds(50) });

            var found = Assert.Single(checks, c => c.Name == ReadinessChecks.SystemIntegrity);
            Assert.Equal(ReadinessStatus.Fail, found.Status);
            Assert.Contains("missing LifecycleId Lifecycles-3", found.Detail, StringComparison.Ordinal);
            var error = Assert.Single(sandbox.Reporter.Errors);
            Assert.Contains(ReadinessChecks.SystemIntegrity, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_system_integrity_check_that_outlasts_its_timeout_is_reported_as_not_made_never_as_passed()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.V2019);
            sandbox.Server.Faults.HangNextTask("SystemIntegrityCheck");

            var checks = await RunAsync(sandbox, "2020.6.4", new TestOctopusUpgradeReadinessRequest { SystemIntegrityCheck = true, SystemIntegrityCheckTimeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(50) });

            var found = Assert.Single(checks, c => c.Name == ReadinessChecks.SystemIntegrity);
            Assert.Equal(ReadinessStatus.Warn, found.Status);
            Assert.StartsWith("Could not be checked", found.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public async Task On_2_6_the_system_integrity_check_is_not_queued_and_says_why()
        {
            await using var sandbox = await BackupSandbox.StartAsync(EstatePresets.Legacy26);

            var checks = await RunAsync(sandbox, "2018.10.0", new TestOctopusUpgradeReadinessRequest { SystemIntegrityCheck = true });

            var found = Assert.Single(checks, c => c.Name == ReadinessChecks.SystemIntegrity);
            Assert.Equal(ReadinessStatus.Warn, found.Status);
            Assert.DoesNotContain(sandbox.Server.Estate.Tasks, t => t.Name == "SystemIntegrityCheck");
        }

        public static TheoryData<string, string, bool> Hops => new()
        {
            { "2.6.5.1010", "2018.10.0", false },
            { "2.6.5.1010", "2018.11.0", true },
            { "2.5.4", "2018.10.0", true },
            { "2.6.5", "2018.8.3", true },
            { "3.2.0", "2018.5.0", true },
            { "3.4.15", "2018.5.0", false },
            { "2020.6.4", "2023.4.1", true },
            { "2021.1.8018", "2023.4.1", false },
            { "2018.3.6", "2024.3.12741", true },
            { "2021.4.1", "2022.2.100", true },
            { "2021.4.1", "2022.4.1", false },
            { "2019.7.12", "2020.6.4", false },
        };

        [Theory]
        [MemberData(nameof(Hops))]
        public void Known_broken_hops_are_data(string from, string target, bool broken) =>
            Assert.Equal(broken, UpgradeHop.Broken(OctopusVersion.Parse(from), OctopusVersion.Parse(target)).Count > 0);

        [Theory]
        [InlineData("2019.13.0", 10)]
        [InlineData("2020.2.0", 13)]
        [InlineData("2024.3.12741", 13)]
        public void The_sql_server_minimum_follows_the_target(string target, int major) =>
            Assert.Equal(major, SqlServerRequirement.For(OctopusVersion.Parse(target))!.MinimumMajorVersion);

        private static async Task<IReadOnlyList<ReadinessCheck>> RunAsync(BackupSandbox sandbox, string target, TestOctopusUpgradeReadinessRequest? options = null)
        {
            var step = new TestOctopusUpgradeReadinessStep();
            var request = (options ?? new TestOctopusUpgradeReadinessRequest()) with { TargetVersion = target };
            var plan = await sandbox.Runner.PlanAsync(step, request, CancellationToken.None);
            return (await sandbox.Runner.ExecuteAsync(step, request, plan, StepConfirmation.All(plan.Actions), CancellationToken.None)).Result;
        }
    }
}
