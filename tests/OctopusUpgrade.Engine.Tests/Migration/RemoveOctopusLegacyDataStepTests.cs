using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Migration;
using OctopusUpgrade.Engine.Packages;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Migration
{
    /// <summary>Remove-OctopusLegacyData on a 2.6 home folder laid out on disk, with the journal's facts given or not.</summary>
    public sealed class RemoveOctopusLegacyDataStepTests : IDisposable
    {
        /// <summary>What the home holds besides the leftovers; none of it may be touched.</summary>
        private static readonly string[] Kept =
        {
            Path.Combine("Logs", "OctopusServer.txt"),
            Path.Combine("OctopusServer", "OctopusServer.config"),
            Path.Combine("OctopusServer", "Other", "keep.txt"),
            Path.Combine("Packages", "Acme.Web.1.0.0.nupkg"),
            Path.Combine("TaskLogs", "servertasks-1.log.txt"),
        };

        private readonly TempFolder _folder = new();
        private readonly UpgradeSession _session;
        private readonly RecordingReporter _reporter = new();

        public RemoveOctopusLegacyDataStepTests()
        {
            foreach (var file in RemoveOctopusLegacyDataStep.LegacyFolderNames.Select(f => Path.Combine(f, "data.bin")).Concat(Kept))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Home(file))!);
                File.WriteAllBytes(Home(file), new byte[100]);
            }

            Directory.CreateDirectory(Home("OctopusServer", "Repository", "Packages"));
            File.WriteAllBytes(Home("OctopusServer", "Repository", "Packages", "Acme.Web.1.0.0.nupkg"), new byte[1000]);
            _session = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = "https://octopus.example/",
                    ApiKey = new Secret("API-0123456789ABCDEFGHIJKLMNOPQ"),
                    HomePath = Home(),
                    JournalPath = _folder.Combine("journal.json"),
                },
                TimeProvider.System);
        }

        public static TheoryData<string, bool?, bool> Unproven() => new()
        {
            { "neither step", null, false },
            { "only the package copy", null, true },
            { "only the migration", false, false },
            { "a preview migration and the copy", true, true },
        };

        [Theory]
        [MemberData(nameof(Unproven))]
        public async Task Without_the_journal_showing_the_migration_and_the_package_copy_it_refuses(string scenario, bool? migrationPreview, bool copied)
        {
            Journal(migrationPreview, copied);

            var error = await Assert.ThrowsAsync<OctopusUpgradeException>(() => PlanAsync(new LegacyDataRequest()));

            Assert.True(error.ErrorId == MigrationErrorIds.LegacyDataStillNeeded, scenario);
            Assert.All(RemoveOctopusLegacyDataStep.LegacyFolderNames, f => Assert.True(Directory.Exists(Home(f)), scenario + ": " + f));
        }

        [Fact]
        public async Task With_the_journals_facts_it_removes_exactly_the_named_folders_and_reports_the_space_freed()
        {
            Journal(migrationPreview: false, copied: true);

            var outcome = await RunAsync(new LegacyDataRequest());

            Assert.Equal(RemoveOctopusLegacyDataStep.LegacyFolderNames.Order(StringComparer.Ordinal), outcome.Removed.Select(f => f.Name).Order(StringComparer.Ordinal));
            Assert.Equal(6 * 100 + 1000, outcome.FreedBytes);
            Assert.All(RemoveOctopusLegacyDataStep.LegacyFolderNames, f => Assert.False(Directory.Exists(Home(f)), f));
            Assert.All(Kept, f => Assert.True(File.Exists(Home(f)), f));
            Assert.Equal(StepOutcome.Succeeded, _session.Journal.Records.Last().Outcome);
        }

        [Fact]
        public async Task A_link_inside_a_legacy_folder_is_removed_and_what_it_points_to_is_not()
        {
            Journal(migrationPreview: false, copied: true);
            var outside = _folder.Combine("elsewhere");
            Directory.CreateDirectory(outside);
            File.WriteAllBytes(Path.Combine(outside, "precious.bin"), new byte[5000]);
            Directory.CreateSymbolicLink(Home("RavenDB", "linked"), outside);
            File.CreateSymbolicLink(Home("Backup", "linked.octobak"), Path.Combine(outside, "precious.bin"));

            var plan = await PlanAsync(new LegacyDataRequest());
            var outcome = await RunAsync(new LegacyDataRequest());

            Assert.Equal(100, plan.Detail.Folders.Single(f => f.Name == "RavenDB").SizeBytes);
            Assert.Equal(6 * 100 + 1000, outcome.FreedBytes);
            Assert.False(Directory.Exists(Home("RavenDB")));
            Assert.True(File.Exists(Path.Combine(outside, "precious.bin")));
            Assert.Equal(5000, new FileInfo(Path.Combine(outside, "precious.bin")).Length);
        }

        [Fact]
        public async Task Force_removes_without_the_journals_facts_and_says_so()
        {
            var outcome = await RunAsync(new LegacyDataRequest { Force = true });

            Assert.Equal(6, outcome.Removed.Count);
            Assert.Contains(_reporter.Warnings, w => w.Contains("-Force", StringComparison.Ordinal));
            Assert.All(Kept, f => Assert.True(File.Exists(Home(f)), f));
        }

        [Fact]
        public async Task Each_folder_is_an_action_of_high_impact_naming_its_size()
        {
            Journal(migrationPreview: false, copied: true);

            var plan = await PlanAsync(new LegacyDataRequest());

            Assert.Equal(6, plan.Actions.Count);
            Assert.All(plan.Actions, a => Assert.Equal(ActionImpact.High, a.Impact));
            Assert.Contains(plan.Actions, a => a.Target == Home("OctopusServer", "Repository") && a.Description.Contains("2 file(s), 1100 bytes", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_home_folder_that_does_not_exist_is_refused() =>
            Assert.Equal(
                MigrationErrorIds.LegacyHomeUnknown,
                (await Assert.ThrowsAsync<OctopusUpgradeException>(() => PlanAsync(new LegacyDataRequest { HomePath = _folder.Combine("missing"), Force = true }))).ErrorId);

        public void Dispose() => _folder.Dispose();

        private string Home(params string[] parts) => _folder.Combine(new[] { "Octopus" }.Concat(parts).ToArray());

        private void Journal(bool? migrationPreview, bool copied)
        {
            var now = DateTimeOffset.UtcNow;
            if (migrationPreview is { } preview)
            {
                _session.Journal.Append(new JournalRecord
                {
                    Step = InvokeOctopusMigrationStep.StepName,
                    Started = now,
                    Ended = now,
                    Outcome = StepOutcome.Succeeded,
                    Details = new Dictionary<string, string> { ["Preview"] = preview ? "true" : "false" },
                });
            }

            if (copied)
            {
                _session.Journal.Append(new JournalRecord { Step = CopyNuGetPackagesStep.StepName, Started = now, Ended = now, Outcome = StepOutcome.Succeeded });
            }
        }

        private Task<StepPlan<LegacyDataPlan>> PlanAsync(LegacyDataRequest request) =>
            new StepRunner(_session, _reporter).PlanAsync(new RemoveOctopusLegacyDataStep(), request, CancellationToken.None);

        private async Task<LegacyDataOutcome> RunAsync(LegacyDataRequest request)
        {
            var runner = new StepRunner(_session, _reporter);
            var step = new RemoveOctopusLegacyDataStep();
            var plan = await runner.PlanAsync(step, request, CancellationToken.None);
            return (await runner.ExecuteAsync(step, request, plan, StepConfirmation.All(plan.Actions), CancellationToken.None)).Result;
        }
    }
}
