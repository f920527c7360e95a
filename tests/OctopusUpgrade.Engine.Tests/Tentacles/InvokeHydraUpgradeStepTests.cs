using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Tentacles;
using OctopusUpgrade.Engine.Tentacles.Hydra;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Tentacles
{
    /// <summary>
    /// Invoke-HydraUpgrade against the in-process sandbox's 2.6 estate, every wait on the fake clock. What it claims is
    /// checked from outside: the sandbox's own Tentacles, the API's documents, and the existing health check.
    /// </summary>
    public sealed class InvokeHydraUpgradeStepTests : IDisposable
    {
        private const string OldTentacle = "2.6.5.1010";

        private static readonly InvokeHydraUpgradeStep Step = new();

        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public async Task Hydra_upgrades_twenty_mixed_tentacles_that_the_2_6_health_check_then_expects_unreachable_at_the_new_version()
        {
            await using var s = await SandboxSession.StartAsync(TwentyTentacles());

            var outcomes = await s.RunAsync(Step, Request());

            Assert.Equal(20, outcomes.Count);
            Assert.All(outcomes, o => Assert.True(o.Upgraded, o.Machine.Name + ": " + o.Message));
            Assert.All(outcomes, o => Assert.Equal((OctopusVersion.Parse(OldTentacle), OctopusVersion.Parse(HydraPackageFile.Version)), (o.PreviousVersion!, o.TentacleVersion!)));
            Assert.Empty(s.Reporter.Errors);
            Assert.All(s.Sandbox.Estate.Machines, m => Assert.Equal(HydraPackageFile.Version, m.TentacleVersion));
            Assert.Contains(s.Reporter.Warnings, w => w.Contains("Local System", StringComparison.Ordinal));
            Assert.Contains(s.Reporter.Warnings, w => w.Contains("strands", StringComparison.Ordinal));

            var health = await s.RunAsync(new TentacleHealthStep(), new TentacleHealthRequest { Expect = TentacleExpectation.Unreachable, MinimumVersion = OctopusVersion.Parse(HydraPackageFile.Version), RetryCount = 0 });

            Assert.Equal(20, health.Count);
            Assert.All(health, h => Assert.True(h.Passed, h.Machine.Name + ": " + h.Reason));
            Assert.All(health, h => Assert.Equal(OctopusVersion.Parse(HydraPackageFile.Version), h.TentacleVersion));
            Assert.Equal(20, (await Api(s, "/api/machines?skip=0&take=100"))["Items"]!.Count(m => (string?)m["Status"] == "Offline"));
        }

        [Fact]
        public async Task A_second_run_reuses_the_package_template_lifecycle_and_project()
        {
            await using var s = await SandboxSession.StartAsync(TwentyTentacles());

            var first = await s.RunAsync(Step, Request() with { MachineNames = new[] { "tentacle0*" } });
            var secondPlan = await s.Runner.PlanAsync(Step, Request() with { MachineNames = new[] { "tentacle1*", "tentacle20" } }, default);
            var second = await s.RunAsync(Step, Request() with { MachineNames = new[] { "tentacle1*", "tentacle20" } });

            Assert.Equal((9, 11), (first.Count(o => o.Upgraded), second.Count(o => o.Upgraded)));
            Assert.DoesNotContain(secondPlan.Actions, a => a.Key is InvokeHydraUpgradeStep.PackageAction or InvokeHydraUpgradeStep.TemplateAction or InvokeHydraUpgradeStep.ProjectAction);
            Assert.Single(s.Sandbox.Estate.Feed.Index(), p => p.PackageId == HydraPackage.PackageId);
            Assert.Single(await All(s, "/api/actiontemplates"), t => (string?)t["Name"] == HydraStepTemplate.Name);
            Assert.Single(await All(s, "/api/lifecycles"), l => (string?)l["Name"] == HydraStepTemplate.LifecycleName);
            var project = Assert.Single(await All(s, "/api/projects"), p => (string?)p["Name"] == HydraStepTemplate.ProjectName);
            Assert.Equal(new[] { "1.0.1", "1.0.2" }, (await All(s, "/api/projects/" + (string?)project["Id"] + "/releases")).Select(r => (string?)r["Version"]).OrderBy(v => v));
            var process = await Api(s, (string)project["Links"]!["DeploymentProcess"]!);
            Assert.Single((JArray)process["Steps"]!);
        }

        [Fact]
        public async Task The_canary_role_is_deployed_and_verified_before_the_rest()
        {
            var estate = TwentyTentacles();
            estate.Machines[2].Roles = ["tentacle", "canary"];
            estate.Machines[3].Roles = ["tentacle", "canary"];
            await using var s = await SandboxSession.StartAsync(estate);

            var outcomes = await s.RunAsync(Step, Request() with { CanaryRoles = new[] { "canary" } });

            Assert.All(outcomes, o => Assert.True(o.Upgraded, o.Machine.Name + ": " + o.Message));
            Assert.Equal(new[] { "tentacle03", "tentacle04" }, outcomes.Where(o => o.Wave == 1).Select(o => o.Machine.Name));
            Assert.Equal(18, outcomes.Count(o => o.Wave == 2));
            var journal = s.Session.Journal.Records.Where(r => r.Step.StartsWith(InvokeHydraUpgradeStep.StepName, StringComparison.Ordinal)).ToList();
            Assert.Equal(
                new[] { InvokeHydraUpgradeStep.StepName + " setup", InvokeHydraUpgradeStep.StepName + " wave 1", InvokeHydraUpgradeStep.StepName + " wave 2" },
                journal.Select(r => r.Step));
            Assert.All(journal, r => Assert.Equal(StepOutcome.Succeeded, r.Outcome));
            var deployments = (await All(s, "/api/deployments")).OrderBy(d => (string?)d["Created"]).ThenBy(d => (string?)d["Id"]).ToList();
            var canaryIds = s.Sandbox.Estate.Machines.Where(m => m.Name is "tentacle03" or "tentacle04").Select(m => m.Id).OrderBy(i => i);
            var firstWave = deployments.TakeWhile(d => ((JArray)d["SpecificMachineIds"]!).Values<string>().All(canaryIds.Contains)).ToList();
            Assert.Equal(canaryIds, firstWave.SelectMany(d => ((JArray)d["SpecificMachineIds"]!).Values<string>()).OrderBy(i => i));
        }

        [Fact]
        public async Task A_canary_that_does_not_upgrade_stops_the_rest_and_each_machine_is_an_error()
        {
            await using var s = await SandboxSession.StartAsync(TwentyTentacles());
            s.Sandbox.Faults.FailNextTask("Deploy", message: "Hydra.exe could not create its scheduled task (injected).");

            var outcomes = await s.RunAsync(Step, Request() with { CanaryEnvironments = new[] { "Development" } });

            var canary = outcomes.Where(o => o.Wave == 1).ToList();
            Assert.NotEmpty(canary);
            Assert.All(canary, o => Assert.Contains("Hydra.exe could not create its scheduled task (injected).", o.Message, StringComparison.Ordinal));
            Assert.All(outcomes.Where(o => o.Wave == 2), o => Assert.StartsWith("Not deployed: the canary wave did not verify", o.Message, StringComparison.Ordinal));
            Assert.All(outcomes, o => Assert.False(o.Upgraded));
            Assert.Equal(20, s.Reporter.Errors.Count(e => e.ErrorId == HydraErrorIds.NotUpgraded));
            Assert.Single(s.Sandbox.Estate.Tasks, t => t.Name == "Deploy");
            Assert.All(s.Sandbox.Estate.Machines, m => Assert.Equal(OldTentacle, m.TentacleVersion));
        }

        [Fact]
        public async Task A_failed_deploy_task_reports_its_machines_not_upgraded_with_the_reason_from_its_log()
        {
            await using var s = await SandboxSession.StartAsync(TwentyTentacles());
            s.Sandbox.Faults.FailNextTask("Deploy", message: "The package could not be extracted (injected).");

            var outcomes = await s.RunAsync(Step, Request() with { Environments = new[] { "Test" } });

            var deploy = Assert.Single(s.Sandbox.Estate.Tasks, t => t.Name == "Deploy");
            Assert.Equal("", (string?)(await Api(s, "/api/tasks/" + deploy.Id))["ErrorMessage"]);
            Assert.NotEmpty(outcomes);
            Assert.All(outcomes, o => Assert.False(o.Upgraded));
            Assert.All(outcomes, o => Assert.Contains("ended Failed: The package could not be extracted (injected).", o.Message, StringComparison.Ordinal));
            Assert.Equal(outcomes.Select(o => o.Machine.Name).OrderBy(n => n), s.Reporter.Errors.Where(e => e.ErrorId == HydraErrorIds.NotUpgraded).Select(e => (string)e.Target!).OrderBy(n => n));
        }

        [Fact]
        public async Task A_3x_server_is_refused_and_nothing_is_written()
        {
            await using var s = await SandboxSession.StartAsync(EstateDescription.ForVersion(EstatePresets.V3));

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, Request()));

            Assert.Equal(HydraErrorIds.NeedsLegacyServer, error.ErrorId);
            Assert.Contains("Update-OctopusTentacle", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(s.Sandbox.Estate.Feed.Index(), p => p.PackageId == HydraPackage.PackageId);
            Assert.Empty(s.Sandbox.Estate.Tasks);
        }

        public static TheoryData<string, string> BadPackages() => new()
        {
            { "missing", HydraErrorIds.PackageNotFound },
            { "not-a-zip", HydraErrorIds.PackageInvalid },
            { "another-package", HydraErrorIds.PackageInvalid },
            { "no-nuspec", HydraErrorIds.PackageInvalid },
        };

        [Theory]
        [MemberData(nameof(BadPackages))]
        public async Task A_bad_package_is_refused_before_the_server_is_asked_anything(string kind, string errorId)
        {
            await using var s = await SandboxSession.StartAsync(TwentyTentacles());
            var path = kind switch
            {
                "missing" => _folder.Combine("absent", "OctopusDeploy.Hydra.3.0.10.268.nupkg"),
                "another-package" => HydraPackageFile.Write(_folder, "OctopusDeploy.Tentacle"),
                _ => _folder.Combine(kind + ".nupkg"),
            };
            if (kind == "not-a-zip")
            {
                File.WriteAllText(path, "not a package");
            }
            else if (kind == "no-nuspec")
            {
                System.IO.Compression.ZipFile.CreateFromDirectory(Directory.CreateDirectory(_folder.Combine("empty")).FullName, path);
            }

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, Request() with { PackagePath = path }));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Null(s.Session.Facts.ServerVersion);
            Assert.DoesNotContain(s.Sandbox.Estate.Feed.Index(), p => p.PackageId == HydraPackage.PackageId);
        }

        [Fact]
        public async Task Planning_as_WhatIf_lists_each_api_call_and_changes_nothing()
        {
            await using var s = await SandboxSession.StartAsync(TwentyTentacles());

            var plan = await s.Runner.PlanAsync(Step, Request() with { CanaryRoles = new[] { "tentacle" } }, default);

            Assert.Equal(
                new[] { "Package", "StepTemplate", "Lifecycle", "Project", "Process", "Release", "Deploy:1" },
                plan.Actions.Select(a => a.Key));
            Assert.Contains(plan.Actions, a => a.Description.Contains("POST /api/packages/raw (2.x route)", StringComparison.Ordinal));
            Assert.Contains(plan.Actions, a => a.Description.Contains("POST /api/projects", StringComparison.Ordinal));
            Assert.Equal(20, plan.Actions.Last().Details.Count);
            Assert.DoesNotContain(s.Sandbox.Estate.Feed.Index(), p => p.PackageId == HydraPackage.PackageId);
            Assert.Empty(s.Sandbox.Estate.Tasks);
            Assert.Empty(await All(s, "/api/actiontemplates"));
            Assert.DoesNotContain(await All(s, "/api/projects"), p => (string?)p["Name"] == HydraStepTemplate.ProjectName);
            Assert.All(s.Sandbox.Estate.Machines, m => Assert.Equal(OldTentacle, m.TentacleVersion));
        }

        [Fact]
        public async Task A_2x_server_without_the_step_template_route_says_what_to_do_by_hand()
        {
            await using var s = await SandboxSession.StartAsync(TwentyTentacles());
            s.Sandbox.Faults.FailNext("/api/actiontemplates", 404, 1);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => s.RunAsync(Step, Request()));

            Assert.Equal(HydraErrorIds.ManualStepRequired, error.ErrorId);
            Assert.Contains("/api/actiontemplates", error.Message, StringComparison.Ordinal);
            Assert.Contains("Import the step template", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(s.Sandbox.Estate.Feed.Index(), p => p.PackageId == HydraPackage.PackageId);
        }

        private string? _package;

        private HydraUpgradeRequest Request() => new() { PackagePath = _package ??= HydraPackageFile.Write(_folder) };

        // A 2.6.5 estate of 20 Tentacles, odd ones listening and even ones polling, over three environments.
        private static EstateDescription TwentyTentacles()
        {
            var estate = EstateDescription.ForVersion(EstatePresets.Legacy26);
            estate.Machines = Enumerable.Range(1, 20).Select(i => new MachineDescription
            {
                Name = $"tentacle{i:D2}",
                Environments = [estate.Environments[i % estate.Environments.Count]],
                Roles = ["tentacle"],
                TentacleVersion = OldTentacle,
                CommunicationStyle = i % 2 == 0 ? "TentacleActive" : "TentaclePassive",
            }).ToList();
            return estate;
        }

        private static async Task<JObject> Api(SandboxSession s, string path)
        {
            using var http = new HttpClient { BaseAddress = s.Sandbox.ServerUrl };
            http.DefaultRequestHeaders.Add("X-Octopus-ApiKey", s.Sandbox.ApiKey);
            return JObject.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));
        }

        private static async Task<JObject[]> All(SandboxSession s, string path) =>
            (await Api(s, path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "skip=0&take=1000"))["Items"]!.OfType<JObject>().ToArray();
    }
}
