using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The <c>Octopus.Migrator.exe</c> stand-in: <c>migrate --instance=NAME --file=PATH --master-key=KEY [--maxage=DAYS]
    /// [--nologs|--onlylogs] [--nooverwrite] [--dry-run]</c> (the documented options, facts §5), <c>version</c> and
    /// <c>help</c>. It reads a sandbox <see cref="LegacyBackupFile"/> with the key and imports it into the estate behind the
    /// control endpoint (<see cref="LegacyDataImport"/>); the license is not in the backup, as with the real migrator.
    /// Exit code 0 on success, 1 with a message on standard error otherwise (UNCONFIRMED: the real failure code). The
    /// output wording is invented (no recording exists). The Master Key is never printed.
    /// </summary>
    internal static class OctopusMigratorTool
    {
        private const int Success = 0;

        public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
        {
            var (client, toolArgs) = OctopusServerTool.Connect(args);
            if (client is null)
            {
                return await OctopusServerTool.Fail(error, "The stand-in needs --control <url> and --token <token> before --.").ConfigureAwait(false);
            }

            using var _ = client;
            var command = toolArgs.FirstOrDefault(a => !a.StartsWith('-'))?.ToLowerInvariant();
            try
            {
                if (await OctopusServerTool.ServiceHost(client, toolArgs, output).ConfigureAwait(false) is { } exitCode)
                {
                    return exitCode;
                }

                return command switch
                {
                    "migrate" => await Migrate(client, toolArgs, output, error).ConfigureAwait(false),
                    "version" => await Version(client, output).ConfigureAwait(false),
                    null or "help" => await Help(output).ConfigureAwait(false),
                    _ => await OctopusServerTool.Fail(error, "Command '" + command + "' is not supported by the sandbox stand-in. Commands: migrate, version, help.").ConfigureAwait(false),
                };
            }
            catch (HttpRequestException e)
            {
                return await OctopusServerTool.Fail(error, "Could not reach the sandbox control endpoint: " + e.Message).ConfigureAwait(false);
            }
        }

        private static async Task<int> Migrate(HttpClient client, string[] args, TextWriter output, TextWriter error)
        {
            var estate = await OctopusServerTool.Get(client, "estate").ConfigureAwait(false);
            var instance = OctopusServerTool.Option(args, "instance") ?? "OctopusServer";
            if (!string.Equals(instance, estate["InstanceName"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase))
            {
                return await OctopusServerTool.Fail(error, "Instance '" + instance + "' was not found. Known instances: " + estate["InstanceName"]).ConfigureAwait(false);
            }

            var file = OctopusServerTool.Option(args, "file");
            var key = OctopusServerTool.Option(args, "master-key");
            var noLogs = Flag(args, "nologs");
            var onlyLogs = Flag(args, "onlylogs");
            var dryRun = Flag(args, "dry-run");
            var noOverwrite = Flag(args, "nooverwrite");
            var maxAgeText = OctopusServerTool.Option(args, "maxage");
            if (file is null || key is null)
            {
                return await OctopusServerTool.Fail(error, "Please specify the backup file (--file) and its master key (--master-key).").ConfigureAwait(false);
            }

            if (noLogs && onlyLogs)
            {
                return await OctopusServerTool.Fail(error, "--nologs and --onlylogs cannot be used together.").ConfigureAwait(false);
            }

            int? maxAge = null;
            if (maxAgeText is not null)
            {
                if (!int.TryParse(maxAgeText, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1)
                {
                    return await OctopusServerTool.Fail(error, "--maxage must be a whole number of days, 1 or more.").ConfigureAwait(false);
                }

                maxAge = days;
            }

            if (estate["ServerVersion"]!.GetValue<string>().StartsWith("2.", StringComparison.Ordinal))
            {
                return await OctopusServerTool.Fail(error, "This instance is still Octopus " + estate["ServerVersion"] + ": install Octopus 3.x or later before importing a 2.6 backup.").ConfigureAwait(false);
            }

            if (!File.Exists(file))
            {
                return await OctopusServerTool.Fail(error, "The backup file '" + file + "' was not found.").ConfigureAwait(false);
            }

            await output.WriteLineAsync("Octopus Deploy: Octopus.Migrator version " + estate["ServerVersion"] + " (sandbox stand-in)").ConfigureAwait(false);
            await output.WriteLineAsync("Reading the Octopus 2.6 backup " + file).ConfigureAwait(false);
            JsonObject backup;
            try
            {
                backup = LegacyBackupFile.Read(file, key);
            }
            catch (InvalidDataException e)
            {
                return await OctopusServerTool.Fail(error, "Could not read the backup: " + e.Message + " Nothing was imported.").ConfigureAwait(false);
            }

            await output.WriteLineAsync("The backup was made by Octopus " + backup["SourceVersion"] + " at " + backup["Created"]).ConfigureAwait(false);
            var logs = (JsonArray)backup["TaskLogs"]!;
            if (maxAge is { } limit)
            {
                var now = DateTimeOffset.Parse(estate["SimulatedNow"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                var old = logs.Where(l => DateTimeOffset.Parse(l!["Completed"]!.GetValue<string>(), CultureInfo.InvariantCulture) < now.AddDays(-limit)).ToList();
                foreach (var log in old)
                {
                    logs.Remove(log);
                }

                await output.WriteLineAsync("Ignoring " + old.Count + " task log(s) older than " + limit + " days").ConfigureAwait(false);
            }

            if (noLogs)
            {
                logs.Clear();
            }

            if (onlyLogs)
            {
                backup["Environments"] = new JsonArray();
                backup["Machines"] = new JsonArray();
                backup["Projects"] = new JsonArray();
            }

            foreach (var part in new[] { "Environments", "Machines", "Projects", "TaskLogs" })
            {
                await output.WriteLineAsync("Found " + ((JsonArray)backup[part]!).Count + " " + part).ConfigureAwait(false);
            }

            if (dryRun)
            {
                await output.WriteLineAsync("Dry run: nothing was imported").ConfigureAwait(false);
                return Success;
            }

            if ((await OctopusServerTool.Get(client, "migrator").ConfigureAwait(false))["Hang"]!.GetValue<bool>())
            {
                await output.WriteLineAsync("Importing...").ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
                await Task.Delay(System.Threading.Timeout.Infinite).ConfigureAwait(false);
            }

            var imported = await OctopusServerTool.Post(client, "migrator/import?noOverwrite=" + (noOverwrite ? "true" : "false"), backup).ConfigureAwait(false);
            foreach (var (part, count) in imported)
            {
                await output.WriteLineAsync("Imported " + count + " " + part).ConfigureAwait(false);
            }

            await output.WriteLineAsync("Migration completed").ConfigureAwait(false);
            return Success;
        }

        private static async Task<int> Version(HttpClient client, TextWriter output)
        {
            await output.WriteLineAsync((await OctopusServerTool.Get(client, "estate").ConfigureAwait(false))["ServerVersion"]!.GetValue<string>()).ConfigureAwait(false);
            return Success;
        }

        private static async Task<int> Help(TextWriter output)
        {
            await output.WriteLineAsync("Usage: Octopus.Migrator <command> [<options>]\n\nCommands (sandbox stand-in):\n"
                + "  migrate     Import an Octopus 2.6 backup (--instance=NAME --file=PATH --master-key=KEY [--maxage=DAYS] [--nologs|--onlylogs] [--nooverwrite] [--dry-run])\n"
                + "  version     Show the version\n"
                + "  help        Show this help").ConfigureAwait(false);
            return Success;
        }

        private static bool Flag(string[] args, string name) =>
            args.Any(a => string.Equals(a.TrimStart('-', '/'), name, StringComparison.OrdinalIgnoreCase));
    }
}
