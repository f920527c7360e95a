using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The <c>Octopus.Server.exe</c> stand-in on one node's machine (<c>--node</c> before <c>--</c>; the first node when
    /// absent): <c>version [--format=text|json]</c> (the binaries installed there), <c>service --start|--stop|--restart
    /// --instance=NAME</c>, <c>node --drain=true|false [--wait=N] [--cancel-tasks]</c>, <c>show-configuration</c>,
    /// <c>show-master-key</c>, <c>license --licenseFile=PATH|--licenseBase64=TEXT</c>, <c>list-instances</c>, <c>watchdog --create|--delete</c>, <c>checkservices</c>, <c>database --upgrade</c> and <c>help</c>. Exit code 0 on success; 1 with a message on stderr otherwise (UNCONFIRMED: the real failure code). The
    /// output wording is invented (no recording exists); the option syntax follows the docs' help texts. For an estate whose
    /// caller is not interactive, a call without <c>--console</c> acts as a service host instead (see <c>ServiceHost</c>).
    /// </summary>
    internal static class OctopusServerTool
    {
        private const int Success = 0;
        private const int Failure = 1;
        private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
        {
            var (client, toolArgs) = Connect(args);
            if (client is null)
            {
                return await Fail(error, "The stand-in needs --control <url> and --token <token> before --.").ConfigureAwait(false);
            }

            using var _ = client;
            var command = toolArgs.FirstOrDefault(a => !a.StartsWith('-'))?.ToLowerInvariant();
            var separator = Array.IndexOf(args, "--");
            var node = Option(separator < 0 ? args : args[..separator], "node");
            if (command is not null && CommandHelp.TryGetValue(command, out var options) && toolArgs.Contains("--help", StringComparer.OrdinalIgnoreCase))
            {
                await output.WriteLineAsync(Usage(command, options)).ConfigureAwait(false);
                return Success;
            }

            try
            {
                if (await ServiceHost(client, toolArgs, output).ConfigureAwait(false) is { } exitCode)
                {
                    return exitCode;
                }

                node ??= (await Get(client, "estate").ConfigureAwait(false))["NodeName"]!.GetValue<string>();
                var machine = "nodes/" + Uri.EscapeDataString(node);
                return command switch
                {
                    "version" => await Version(client, machine, toolArgs, output).ConfigureAwait(false),
                    "service" => await Service(client, machine, toolArgs, output, error).ConfigureAwait(false),
                    "node" => await Node(client, machine, toolArgs, output, error).ConfigureAwait(false),
                    "show-configuration" => await ShowConfiguration(client, node, toolArgs, output, error).ConfigureAwait(false),
                    "show-master-key" => await ShowMasterKey(client, toolArgs, output, error).ConfigureAwait(false),
                    "license" => await License(client, toolArgs, output, error).ConfigureAwait(false),
                    "list-instances" => await ListInstances(client, machine, toolArgs, output).ConfigureAwait(false),
                    "watchdog" => await Watchdog(client, machine, toolArgs, output, error).ConfigureAwait(false),
                    "checkservices" => await CheckServices(client, machine, toolArgs, output, error).ConfigureAwait(false),
                    "database" => await Database(client, machine, toolArgs, output, error).ConfigureAwait(false),
                    null or "help" => await Help(output).ConfigureAwait(false),
                    _ => await Fail(error, "Command '" + command + "' is not supported by the sandbox stand-in. Commands: version, service, node, show-configuration, show-master-key, license, list-instances, watchdog, checkservices, database, help.").ConfigureAwait(false),
                };
            }
            catch (HttpRequestException e)
            {
                return await Fail(error, "Could not reach the sandbox control endpoint: " + e.Message).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Without an interactive user and without <c>--console</c>, Octopus's start-up code hands the process to .NET's
        /// service host, which prints this (to standard output) when the service control manager did not start it, and the
        /// command never runs. Null when the call runs normally.
        /// </summary>
        internal static async Task<int?> ServiceHost(HttpClient client, string[] args, TextWriter output)
        {
            if (args.Contains("--console", StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            var estate = await Get(client, "estate").ConfigureAwait(false);
            if (estate["CallerIsInteractive"]!.GetValue<bool>())
            {
                return null;
            }

            await output.WriteLineAsync("Cannot start service from the command line or a debugger.  A Windows Service must first be installed "
                + "(using installutil.exe) and then started with the ServerExplorer, Windows Services Administrative tool or the NET START command.").ConfigureAwait(false);
            return estate["ServiceHostExitCode"]!.GetValue<int>();
        }

        private static async Task<int> Version(HttpClient client, string machine, string[] args, TextWriter output)
        {
            var version = (await Get(client, machine).ConfigureAwait(false))["InstalledVersion"]!.GetValue<string>();
            // No real output was recorded; the JSON mirrors what Tentacle's own `version --format=json` prints.
            var json = new JsonObject
            {
                ["InformationalVersion"] = version,
                ["MajorMinorPatch"] = string.Join('.', version.Split('-')[0].Split('.').Take(3)),
                ["NuGetVersion"] = version,
                ["SourceBranchName"] = "main",
            };
            await output.WriteLineAsync(string.Equals(Option(args, "format"), "json", StringComparison.OrdinalIgnoreCase) ? json.ToJsonString() : version).ConfigureAwait(false);
            return Success;
        }

        private static async Task<int> Service(HttpClient client, string machine, string[] args, TextWriter output, TextWriter error)
        {
            var estate = await Get(client, "estate").ConfigureAwait(false);
            if (await CheckInstance(estate, args, error).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            var actual = estate["InstanceName"]!.GetValue<string>();
            // The Windows service name, as DSC derives it.
            var serviceName = string.Equals(actual, "OctopusServer", StringComparison.OrdinalIgnoreCase) ? "OctopusDeploy" : "OctopusDeploy: " + actual;
            var actions = new List<(string Flag, string Doing, string Done, string Route)>
            {
                ("stop", "Stopping service: ", "Service stopped", machine + "/service/stop"),
                ("start", "Starting service: ", "Service started", machine + "/service/start"),
                ("restart", "Restarting service: ", "Service restarted", machine + "/service/restart"),
            }.Where(a => args.Contains("--" + a.Flag, StringComparer.OrdinalIgnoreCase)).ToList();
            if (actions.Count == 0)
            {
                return await Fail(error, "Please specify one of --start, --stop or --restart.").ConfigureAwait(false);
            }

            foreach (var (_, doing, done, route) in actions)
            {
                await output.WriteLineAsync(doing + serviceName).ConfigureAwait(false);
                if (await Refused(client, HttpMethod.Post, route).ConfigureAwait(false) is { } refusal)
                {
                    return await Fail(error, refusal).ConfigureAwait(false);
                }

                await output.WriteLineAsync(done).ConfigureAwait(false);
            }

            return Success;
        }

        // node --drain=true|false [--wait=<seconds>] [--cancel-tasks]: the wait is in simulated seconds, like every sandbox duration.
        private static async Task<int> Node(HttpClient client, string machine, string[] args, TextWriter output, TextWriter error)
        {
            var estate = await Get(client, "estate").ConfigureAwait(false);
            if (await CheckInstance(estate, args, error).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            var drain = Option(args, "drain");
            if (drain is not ("true" or "false"))
            {
                return await Fail(error, "Please specify --drain=true or --drain=false.").ConfigureAwait(false);
            }

            var node = (await Get(client, machine).ConfigureAwait(false))["Name"]!.GetValue<string>();
            await Post(client, "nodes/" + Uri.EscapeDataString(node) + "/drain?drain=" + drain).ConfigureAwait(false);
            await output.WriteLineAsync("Node " + node + (drain == "true" ? " is draining" : " is no longer draining")).ConfigureAwait(false);
            if (drain == "true")
            {
                var wait = double.Parse(Option(args, "wait") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(wait / estate["TimeScale"]!.GetValue<double>());
                while ((await Get(client, machine).ConfigureAwait(false))["RunningTasks"]!.GetValue<int>() > 0 && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(50).ConfigureAwait(false);
                }

                if (args.Contains("--cancel-tasks", StringComparer.OrdinalIgnoreCase))
                {
                    await Post(client, "nodes/" + Uri.EscapeDataString(node) + "/cancel-tasks").ConfigureAwait(false);
                    await output.WriteLineAsync("Cancelled the tasks still running on " + node).ConfigureAwait(false);
                }
            }

            return Success;
        }

        // Options per command, laid out as the documented --help texts are.
        private static readonly Dictionary<string, (string Option, string Description)[]> CommandHelp = new(StringComparer.OrdinalIgnoreCase)
        {
            ["version"] = [("--format=VALUE", "The format of the output (text,json). Defaults to text.")],
            ["service"] =
            [
                ("--instance=VALUE", "Name of the instance to use, or * to use all instances"),
                ("--start", "Start the Windows Service if it is not already running"),
                ("--stop", "Stop the Windows Service if it is running"),
                ("--restart", "Restart the Windows Service if it is running"),
            ],
            ["show-configuration"] =
            [
                ("--instance=VALUE", "Name of the instance to use"),
                ("--file=VALUE", "Exports the server configuration to a file. If not specified output goes to the console"),
                ("--format=VALUE", "The format of the output (XML,json,json-hierarchical); defaults to XML"),
            ],
            ["show-master-key"] = [("--instance=VALUE", "Name of the instance to use")],
            ["license"] =
            [
                ("--instance=VALUE", "Name of the instance to use"),
                ("--licenseBase64=VALUE", "The license key in base64"),
                ("--licenseFile=VALUE", "The file containing the license key"),
                ("--skipLicenseCheck", "Skips the license check"),
            ],
            ["list-instances"] = [("--format=VALUE", "The format of the output (text,json). Defaults to text.")],
            ["watchdog"] =
            [
                ("--create", "Create the watchdog scheduled task"),
                ("--delete", "Delete the watchdog scheduled task"),
                ("--instances=VALUE", "Instances the watchdog checks, or * for all"),
                ("--interval=VALUE", "Minutes between checks; defaults to 5"),
            ],
            ["checkservices"] = [("--instances=VALUE", "Instances to check, or * for all")],
            ["node"] =
            [
                ("--instance=VALUE", "Name of the instance to use"),
                ("--drain=VALUE", "Whether the node should drain (true) or accept tasks (false)"),
                ("--wait=VALUE", "Seconds to wait for running tasks to finish; defaults to 0"),
                ("--cancel-tasks", "Cancel tasks still running when the wait ends"),
            ],
        };

        private static string Usage(string command, (string Option, string Description)[] options) =>
            "Usage: octopus.server " + command + " [<options>]\n\nWhere [<options>] is any of:\n\n"
            + string.Concat(options.Select(o => "      " + o.Option.PadRight(23) + o.Description + "\n"))
            + "\nOr one of the common options:\n\n      --help                 Show detailed help for this command";

        // show-configuration [--format=XML|json|json-hierarchical] [--file=PATH]: XML is the documented default.
        private static async Task<int> ShowConfiguration(HttpClient client, string node, string[] args, TextWriter output, TextWriter error)
        {
            if (await CheckInstance(await Get(client, "estate").ConfigureAwait(false), args, error).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            var settings = await Get(client, "configuration?node=" + Uri.EscapeDataString(node)).ConfigureAwait(false);
            var text = (Option(args, "format") ?? "xml").ToLowerInvariant() switch
            {
                "json" => settings.ToJsonString(Indented),
                "json-hierarchical" => Hierarchical(settings).ToJsonString(Indented),
                "xml" => Xml(settings),
                _ => null,
            };
            if (text is null)
            {
                return await Fail(error, "The format must be XML, json or json-hierarchical.").ConfigureAwait(false);
            }

            if (Option(args, "file") is { } file)
            {
                await File.WriteAllTextAsync(file, text).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(text).ConfigureAwait(false);
            }

            return Success;
        }

        // show-master-key: the key alone on standard output.
        private static async Task<int> ShowMasterKey(HttpClient client, string[] args, TextWriter output, TextWriter error)
        {
            if (await CheckInstance(await Get(client, "estate").ConfigureAwait(false), args, error).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            var key = (await Get(client, "master-key").ConfigureAwait(false))["MasterKey"]!.GetValue<string>();
            await output.WriteLineAsync(key).ConfigureAwait(false);
            return Success;
        }

        // license --licenseFile=PATH | --licenseBase64=TEXT: the XML's SerialNumber becomes the estate's license, which
        // /api/licenses/licenses-current then reports. The output wording is invented.
        private static async Task<int> License(HttpClient client, string[] args, TextWriter output, TextWriter error)
        {
            if (await CheckInstance(await Get(client, "estate").ConfigureAwait(false), args, error).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            string xml;
            if (Option(args, "licenseFile") is { } file)
            {
                if (!File.Exists(file))
                {
                    return await Fail(error, "The license file '" + file + "' was not found.").ConfigureAwait(false);
                }

                xml = await File.ReadAllTextAsync(file).ConfigureAwait(false);
            }
            else if (Option(args, "licenseBase64") is { } base64)
            {
                xml = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            else
            {
                return await Fail(error, "Please specify --licenseFile or --licenseBase64.").ConfigureAwait(false);
            }

            string? serial;
            try
            {
                serial = XDocument.Parse(xml).Descendants("SerialNumber").FirstOrDefault()?.Value;
            }
            catch (System.Xml.XmlException e)
            {
                return await Fail(error, "The license key is not valid: " + e.Message).ConfigureAwait(false);
            }

            if (string.IsNullOrWhiteSpace(serial))
            {
                return await Fail(error, "The license key is not valid: it has no serial number.").ConfigureAwait(false);
            }

            await Post(client, "license?serial=" + Uri.EscapeDataString(serial)).ConfigureAwait(false);
            await output.WriteLineAsync("Importing the license key").ConfigureAwait(false);
            await output.WriteLineAsync("License key imported: " + serial).ConfigureAwait(false);
            return Success;
        }

        // list-instances [--format=text|json]: the one instance on the node's machine; JSON items carry InstanceName (facts §6).
        private static async Task<int> ListInstances(HttpClient client, string machine, string[] args, TextWriter output)
        {
            var node = await Get(client, machine).ConfigureAwait(false);
            var instance = node["InstanceName"]!.GetValue<string>();
            var json = new JsonArray(new JsonObject
            {
                ["InstanceName"] = instance,
                ["ConfigurationFilePath"] = Path.Combine(node["HomePath"]!.GetValue<string>(), instance + ".config"),
            });
            await output.WriteLineAsync(string.Equals(Option(args, "format"), "json", StringComparison.OrdinalIgnoreCase) ? json.ToJsonString(Indented) : instance).ConfigureAwait(false);
            return Success;
        }

        // watchdog --create [--instances=NAMES] [--interval=MINUTES] | --delete: the scheduled task on the node's machine.
        private static async Task<int> Watchdog(HttpClient client, string machine, string[] args, TextWriter output, TextWriter error)
        {
            if (args.Contains("--delete", StringComparer.OrdinalIgnoreCase))
            {
                await output.WriteLineAsync("Removing the Octopus Server watchdog scheduled task").ConfigureAwait(false);
                return await Refused(client, HttpMethod.Delete, machine + "/watchdog").ConfigureAwait(false) is { } refusal ? await Fail(error, refusal).ConfigureAwait(false) : Success;
            }

            if (!args.Contains("--create", StringComparer.OrdinalIgnoreCase))
            {
                return await Fail(error, "Please specify --create or --delete.").ConfigureAwait(false);
            }

            var instances = Option(args, "instances") ?? "*";
            var interval = Option(args, "interval") ?? "5";
            await output.WriteLineAsync("Creating the Octopus Server watchdog scheduled task for " + instances + " every " + interval + " minutes").ConfigureAwait(false);
            var route = machine + "/watchdog?instances=" + Uri.EscapeDataString(instances) + "&interval=" + Uri.EscapeDataString(interval);
            return await Refused(client, HttpMethod.Post, route).ConfigureAwait(false) is { } failed ? await Fail(error, failed).ConfigureAwait(false) : Success;
        }

        // checkservices --instances=NAMES: starts the named instances' services that are not running.
        private static async Task<int> CheckServices(HttpClient client, string machine, string[] args, TextWriter output, TextWriter error)
        {
            var node = await Get(client, machine).ConfigureAwait(false);
            var instances = (Option(args, "instances") ?? "*").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var instance = node["InstanceName"]!.GetValue<string>();
            if (!instances.Any(i => i == "*" || string.Equals(i, instance, StringComparison.OrdinalIgnoreCase)) || node["ServiceState"]!.GetValue<string>() != "Stopped")
            {
                await output.WriteLineAsync("Checked " + instance + ": nothing to start").ConfigureAwait(false);
                return Success;
            }

            await output.WriteLineAsync("Starting " + instance).ConfigureAwait(false);
            return await Refused(client, HttpMethod.Post, machine + "/service/start").ConfigureAwait(false) is { } refusal ? await Fail(error, refusal).ConfigureAwait(false) : Success;
        }

        // database --upgrade [--skipLicenseCheck]: the pre-conditions as PASS/FAIL lines, then the scripts; a failed check
        // changes nothing and exits 1 (UNCONFIRMED: the real exit code). Only --upgrade is modelled.
        private static async Task<int> Database(HttpClient client, string machine, string[] args, TextWriter output, TextWriter error)
        {
            if (await CheckInstance(await Get(client, "estate").ConfigureAwait(false), args, error).ConfigureAwait(false) is { } failed)
            {
                return failed;
            }

            if (!args.Contains("--upgrade", StringComparer.OrdinalIgnoreCase))
            {
                return await Fail(error, "The sandbox stand-in only models database --upgrade.").ConfigureAwait(false);
            }

            var skip = args.Contains("--skipLicenseCheck", StringComparer.OrdinalIgnoreCase) ? "true" : "false";
            using var response = await client.PostAsync(new Uri(machine + "/database-upgrade?skipLicenseCheck=" + skip, UriKind.Relative), null).ConfigureAwait(false);
            var done = JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))!;
            if (!response.IsSuccessStatusCode)
            {
                return await Fail(error, done["Errors"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? "The database upgrade failed.").ConfigureAwait(false);
            }

            if (done["AlreadyCurrent"]!.GetValue<bool>())
            {
                await output.WriteLineAsync("The database is already up to date; no scripts were run.").ConfigureAwait(false);
                return Success;
            }

            await output.WriteLineAsync("Checking the pre-conditions to safely upgrade your database").ConfigureAwait(false);
            var checks = done["Checks"]!.AsArray();
            foreach (var check in checks)
            {
                await output.WriteLineAsync((check!["Passed"]!.GetValue<bool>() ? "PASS: " : "FAIL: ") + check["Text"]!.GetValue<string>()).ConfigureAwait(false);
            }

            if (checks.Any(c => !c!["Passed"]!.GetValue<bool>()))
            {
                await output.WriteLineAsync("One of the pre-conditions to safely upgrade your database has failed, and the upgrade cannot continue.").ConfigureAwait(false);
                return Failure;
            }

            foreach (var script in done["Scripts"]!.AsArray())
            {
                await output.WriteLineAsync("Executing Database Server script '" + script!.GetValue<string>() + "'").ConfigureAwait(false);
            }

            await output.WriteLineAsync("Upgrade successful").ConfigureAwait(false);
            return Success;
        }

        private static JsonObject Hierarchical(JsonObject settings)
        {
            var root = new JsonObject();
            foreach (var (key, value) in settings)
            {
                var parts = key.Split('.');
                var parent = root;
                foreach (var part in parts[..^1])
                {
                    parent = parent[part] as JsonObject ?? (JsonObject)(parent[part] = new JsonObject());
                }

                parent[parts[^1]] = value?.DeepClone();
            }

            return root;
        }

        // The layout of the instance's config file (octopus-settings with one <set> per key); UNCONFIRMED as command output.
        private static string Xml(JsonObject settings)
        {
            var document = new XElement("octopus-settings",
                settings.Select(s => new XElement("set", new XAttribute("key", s.Key), s.Value?.ToString() ?? "")));
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + Environment.NewLine + document;
        }

        private static async Task<int> Help(TextWriter output)
        {
            await output.WriteLineAsync("Usage: Octopus.Server <command> [<options>]\n\nCommands (sandbox stand-in):\n"
                + "  version     Show the Octopus Server version (--format=text|json)\n"
                + "  service     Start, stop or restart the Octopus Server service (--start --stop --restart --instance=NAME)\n"
                + "  show-configuration  Show the instance configuration (--format=XML|json|json-hierarchical --file=PATH)\n"
                + "  show-master-key  Print the instance's Master Key (--instance=NAME)\n"
                + "  license     Import a license key (--instance=NAME --licenseFile=PATH | --licenseBase64=TEXT)\n"
                + "  node        Drain this node (--instance=NAME --drain=true|false [--wait=SECONDS] [--cancel-tasks])\n"
                + "  list-instances  List the instances on this machine (--format=text|json)\n"
                + "  watchdog    Create or delete the service watchdog (--create --instances=NAMES --interval=MINUTES | --delete)\n"
                + "  checkservices  Start the named instances that are not running (--instances=NAMES)\n"
                + "  database    Upgrade the database schema to the installed version (--upgrade [--skipLicenseCheck])\n"
                + "  help        Show this help").ConfigureAwait(false);
            return Success;
        }

        /// <summary>Null when <c>--instance</c> names the estate's instance (default <c>OctopusServer</c>, or <c>*</c>); else the failure exit code.</summary>
        private static async Task<int?> CheckInstance(JsonObject estate, string[] args, TextWriter error)
        {
            var instance = Option(args, "instance") ?? "OctopusServer";
            var actual = estate["InstanceName"]!.GetValue<string>();
            if (instance == "*" || string.Equals(instance, actual, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return await Fail(error, "Instance '" + instance + "' was not found. Known instances: " + actual).ConfigureAwait(false);
        }

        /// <summary>Sends the request; null when it succeeded, else the sandbox's reason.</summary>
        private static async Task<string?> Refused(HttpClient client, HttpMethod method, string route)
        {
            using var request = new HttpRequestMessage(method, new Uri(route, UriKind.Relative));
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var json = JsonNode.Parse(body);
            return json?["Errors"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? json?["ErrorMessage"]?.GetValue<string>() ?? body;
        }

        /// <summary>
        /// The control client from the stand-in's own <c>--control URL --token TOKEN</c> (before <c>--</c>), and the tool's
        /// arguments (after it); no client when either is missing.
        /// </summary>
        internal static (HttpClient? Client, string[] ToolArgs) Connect(string[] args)
        {
            var separator = Array.IndexOf(args, "--");
            var own = separator < 0 ? args : args[..separator];
            var toolArgs = separator < 0 ? [] : args[(separator + 1)..];
            var control = Option(own, "control");
            var token = Option(own, "token");
            if (control is null || token is null)
            {
                return (null, toolArgs);
            }

            var client = new HttpClient { BaseAddress = new Uri(control), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Add(ControlEndpoints.TokenHeader, token);
            return (client, toolArgs);
        }

        internal static async Task<JsonObject> Post(HttpClient client, string route, JsonObject? body = null)
        {
            using var content = body is null ? null : new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri(route, UriKind.Relative), content).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException("POST " + route + " answered " + (int)response.StatusCode + ": " + text);
            }

            return JsonNode.Parse(text) as JsonObject ?? new JsonObject();
        }

        internal static async Task<int> Fail(TextWriter error, string message)
        {
            await error.WriteLineAsync(message).ConfigureAwait(false);
            return Failure;
        }

        internal static async Task<JsonObject> Get(HttpClient client, string route)
        {
            var text = await client.GetStringAsync(new Uri(route, UriKind.Relative)).ConfigureAwait(false);
            return JsonNode.Parse(text)!.AsObject();
        }

        /// <summary>Reads <c>--name=value</c> or <c>--name value</c> (also with a single dash or slash, as Octopus's parser allows).</summary>
        internal static string? Option(string[] args, string name)
        {
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i].TrimStart('-', '/');
                if (arg.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
                {
                    return arg[(name.Length + 1)..];
                }

                if (arg.Equals(name, StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length)
                {
                    return args[i + 1];
                }
            }

            return null;
        }
    }
}
