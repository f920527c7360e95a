using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Process mode. Prints one JSON object as the first stdout line (the contract other tools parse), then serves until
    /// stdin closes or SIGINT/SIGTERM arrives.
    /// </summary>
    internal static class StartCommand
    {
        public const string Help = """
        OctopusUpgrade.Sandbox: a simulated Octopus Deploy estate on 127.0.0.1.

        Usage:
          dotnet run --project src/OctopusUpgrade.Sandbox -c Release -- start --server-version <v> --port 0 [options]
          dotnet OctopusUpgrade.Sandbox.dll tool octopus-server --control <url> --token <token> -- <Octopus.Server.exe args>

        start options:
          --server-version <v>   Octopus Server version: 2.6.5, 3.12.1, 2018.10.0, 2019.7.12, 2024.3.12741, ...
                                 (the preset estate for that version; overrides the version in --estate)
          --port <n>             Port on 127.0.0.1; 0 picks a free one (default 0)
          --estate <file>        Estate description JSON (EstateDescription property names)
          --time-scale <x>       Simulated time runs x times faster than real time (default 1)
          --seed <n>             Seed for ids, thumbprints and API keys
          --home <dir>           Home folder (default: a new temporary folder, deleted on exit)
          --maintenance          Start in maintenance mode
          --non-interactive      Run the stand-in executables as a runbook or scheduled task would: a call without
                                 --console starts a service host and does nothing
          --offline <machine>    Take a machine offline (repeatable)
          --fail <route>:<status>:<count>
                                 Answer <status> to the next <count> calls under <route> (repeatable)
          --drop <route>:<count> Abort the connection of the next <count> calls under <route> (repeatable)
          --latency <route>:<ms> Delay every call under <route> by <ms> milliseconds (repeatable)
          --fail-task <name>:<state>
                                 End the next task named <name> (* for any) as Failed or TimedOut (repeatable)
          --sql-deny-device <n>  The next <n> BACKUPs fail with 3201 (access denied to the backup device) and 3013
          --sql-volume-full <n>  The next <n> BACKUPs fail half-way with 3202 (not enough space on the disk) and 3013
          --sql-disconnect <p>   The next BACKUP or RESTORE drops its connection at <p> percent
          --sql-slow <ms>        Every percent of a BACKUP or RESTORE takes <ms> more milliseconds
          --ignore-stdin         Keep serving when stdin closes (stop with SIGINT/SIGTERM)
          --help                 Show this help

        The first stdout line is a JSON object: ServerUrl, ApiKey, NonAdminApiKey, HomePath, InstallPath, ControlUrl,
        ControlToken, ServerVersion, InstanceName, NodeUrls (node name to its own URL), NodeInstallPaths (node name
        to its own install folder), SqlConnectionString. Nothing else
        written to stdout or stderr carries a key or the SQL password.
        """;

        public static async Task<int> RunAsync(string[] args)
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                Console.WriteLine(Help);
                return 0;
            }

            EstateDescription description;
            try
            {
                description = Describe(args);
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException or System.Text.Json.JsonException)
            {
                await Console.Error.WriteLineAsync("Invalid options: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            var port = int.Parse(Value(args, "--port") ?? "0", CultureInfo.InvariantCulture);
            await using var server = await SandboxServer.StartAsync(description, port).ConfigureAwait(false);
            try
            {
                ApplyFaults(args, server);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                await Console.Error.WriteLineAsync("Invalid fault option: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            Console.WriteLine(FirstLine(server).ToJsonString());
            Console.Out.Flush();

            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            if (!args.Contains("--ignore-stdin"))
            {
                _ = Task.Run(async () =>
                {
                    await Console.In.ReadToEndAsync(stop.Token).ConfigureAwait(false);
                    await stop.CancelAsync().ConfigureAwait(false);
                });
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stdin closed or a signal arrived: shut down cleanly.
            }

            return 0;
        }

        private static JsonObject FirstLine(SandboxServer server) => new()
        {
            ["ServerUrl"] = server.ServerUrl.ToString(),
            ["ApiKey"] = server.ApiKey,
            ["NonAdminApiKey"] = server.NonAdminApiKey,
            ["HomePath"] = server.HomePath,
            ["InstallPath"] = server.InstallPath,
            ["ControlUrl"] = server.ControlUrl.ToString(),
            ["ControlToken"] = server.ControlToken,
            ["ServerVersion"] = server.Estate.Version.Text,
            ["InstanceName"] = server.Estate.InstanceName,
            ["NodeUrls"] = new JsonObject(server.NodeUrls.Select(n => KeyValuePair.Create(n.Key, (JsonNode?)n.Value.ToString()))),
            ["NodeInstallPaths"] = new JsonObject(server.NodeInstallPaths.Select(n => KeyValuePair.Create(n.Key, (JsonNode?)n.Value))),
            ["SqlConnectionString"] = server.SqlConnectionString,
        };

        private static EstateDescription Describe(string[] args)
        {
            var version = Value(args, "--server-version");
            var file = Value(args, "--estate");
            var description = file is not null ? EstateDescription.FromFile(file)
                : EstateDescription.ForVersion(version ?? throw new ArgumentException("--server-version or --estate is required."));
            if (version is not null && file is not null)
            {
                description.ServerVersion = version;
            }

            ServerVersion.Parse(description.ServerVersion);
            if (Value(args, "--time-scale") is { } scale)
            {
                description.TimeScale = double.Parse(scale, CultureInfo.InvariantCulture);
            }

            if (Value(args, "--seed") is { } seed)
            {
                description.Seed = int.Parse(seed, CultureInfo.InvariantCulture);
            }

            description.HomePath = Value(args, "--home") ?? description.HomePath;
            description.IsInMaintenanceMode |= args.Contains("--maintenance");
            description.CallerIsInteractive &= !args.Contains("--non-interactive");
            foreach (var machine in Values(args, "--offline"))
            {
                var match = description.Machines.FirstOrDefault(m => string.Equals(m.Name, machine, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException("No machine named '" + machine + "' in the estate.");
                match.IsOnline = false;
            }

            return description;
        }

        private static void ApplyFaults(string[] args, SandboxServer server)
        {
            foreach (var spec in Values(args, "--fail").Select(v => Split(v, 3)))
            {
                server.Faults.FailNext(spec[0], int.Parse(spec[1], CultureInfo.InvariantCulture), int.Parse(spec[2], CultureInfo.InvariantCulture));
            }

            foreach (var spec in Values(args, "--drop").Select(v => Split(v, 2)))
            {
                server.Faults.DropNext(spec[0], int.Parse(spec[1], CultureInfo.InvariantCulture));
            }

            foreach (var spec in Values(args, "--latency").Select(v => Split(v, 2)))
            {
                server.Faults.AddLatency(spec[0], TimeSpan.FromMilliseconds(int.Parse(spec[1], CultureInfo.InvariantCulture)));
            }

            foreach (var spec in Values(args, "--fail-task").Select(v => Split(v, 2)))
            {
                server.Faults.FailNextTask(spec[0], spec[1]);
            }

            SqlStartOptions.Apply(args, server.Faults.Sql);
        }

        // Routes and task names contain no colons, so a spec splits on every colon.
        private static string[] Split(string spec, int parts)
        {
            var split = spec.Split(':');
            return split.Length == parts ? split : throw new FormatException("'" + spec + "' should have " + parts + " colon-separated parts.");
        }

        private static string? Value(string[] args, string name) => Values(args, name).LastOrDefault();

        internal static System.Collections.Generic.IEnumerable<string> Values(string[] args, string name)
        {
            for (var i = 0; i + 1 < args.Length; i++)
            {
                if (args[i] == name)
                {
                    yield return args[i + 1];
                }
            }
        }
    }
}
