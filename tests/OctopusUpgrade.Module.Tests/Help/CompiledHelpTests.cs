using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OctopusUpgrade.HelpCompiler.Maml;
using OctopusUpgrade.Module.Tests.Contract;

namespace OctopusUpgrade.Module.Tests.Help
{
    /// <summary>
    /// The MAML the build compiled from docs/OctopusUpgrade and laid out in out/OctopusUpgrade, checked against the
    /// markdown it came from (read here with plain regular expressions, independently of the compiler) and against
    /// the cmdlets the built assemblies declare.
    /// </summary>
    public sealed class CompiledHelpTests
    {
        private const string AllSets = "__AllParameterSets";

        private static readonly XNamespace Command = MamlWriter.Command;
        private static readonly XNamespace Maml = MamlWriter.Maml;
        private static readonly XNamespace Dev = MamlWriter.Dev;

        private static readonly string[] Cmdlets =
        {
            "Backup-OctopusDatabase", "Copy-NuGetPackages", "Disable-MaintenanceMode", "Enable-MaintenanceMode", "Install-OctopusServer", "Invoke-HydraUpgrade", "Invoke-OctopusMigration", "New-OctopusUpgradeSession", "Remove-OctopusLegacyData", "Restore-OctopusDatabase", "Start-OctopusServerNode", "Stop-OctopusServerNode", "Test-OctopusUpgradeReadiness", "Test-TentacleHealth", "Update-OctopusDatabase", "Update-OctopusTentacle",
        };

        public static TheoryData<string> Editions => new() { "desktop", "core" };

        public static TheoryData<string> CmdletNames => new(Cmdlets);

        private static string DocsFolder => Path.Combine(ModuleUnderTest.RepositoryRoot, "docs", "OctopusUpgrade");

        [Theory]
        [MemberData(nameof(Editions))]
        public void The_help_lies_beside_each_build_as_maml_with_one_command_per_cmdlet(string edition)
        {
            var path = HelpPath(edition);
            Assert.True(File.Exists(path), $"{path} is missing: Get-Help would show only the generated syntax");

            var root = XDocument.Load(path).Root!;

            Assert.Equal(("helpItems", "maml"), (root.Name.LocalName, (string?)root.Attribute("schema")));
            Assert.Equal(Cmdlets, root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value));
            Assert.Equal(Cmdlets, Directory.GetFiles(DocsFolder, "*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(CmdletNames))]
        public void Each_cmdlet_has_its_synopsis_and_every_example_with_code(string cmdlet)
        {
            var command = CommandHelp("core", cmdlet);
            var details = command.Element(Command + "details")!;
            var markdown = Markdown(cmdlet);

            Assert.Equal(cmdlet, $"{details.Element(Command + "verb")!.Value}-{details.Element(Command + "noun")!.Value}");
            Assert.False(string.IsNullOrWhiteSpace(details.Element(Maml + "description")!.Value), $"{cmdlet} has an empty synopsis");
            var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
            Assert.Equal(Regex.Matches(markdown, @"(?m)^### Example ").Count, examples.Count);
            Assert.NotEmpty(examples);
            Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(Dev + "code")!.Value), $"{cmdlet}: '{e.Element(Maml + "title")!.Value}' has no code"));
        }

        [Theory]
        [MemberData(nameof(CmdletNames))]
        public void Every_documented_parameter_is_in_the_help_as_its_yaml_says(string cmdlet)
        {
            var markdown = Markdown(cmdlet);
            var documented = Regex.Matches(markdown, @"(?m)^### -(\w+)[ \t]*$").Select(m => m.Groups[1].Value).ToList();
            var entries = Entries(CommandHelp("core", cmdlet));

            Assert.Equal(documented.Order(), entries.Keys.Order());
            foreach (var name in documented)
            {
                var yaml = Yaml(ModuleContract.Section(markdown, "### -" + name)!);
                var aliases = yaml["Aliases"].Length == 0 ? "none" : yaml["Aliases"];
                var expected = $"-{name}: {yaml["Type"]} required={yaml["Required"].ToLowerInvariant()} position={yaml["Position"].ToLowerInvariant()} pipelineInput={yaml["Accept pipeline input"]} aliases={aliases}";
                Assert.Equal(expected, Describe(entries[name]));
            }
        }

        [Theory]
        [MemberData(nameof(Editions))]
        public void The_help_agrees_with_the_cmdlets_the_built_assembly_declares(string edition)
        {
            var document = XDocument.Load(HelpPath(edition));
            var problems = new List<string>();
            foreach (var cmdlet in ModuleContract.ReadCmdlets(edition == "desktop" ? ModuleUnderTest.Desktop : ModuleUnderTest.Core))
            {
                var command = document.Root!.Elements(Command + "command").SingleOrDefault(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == cmdlet.Name);
                if (command is null)
                {
                    problems.Add($"{cmdlet.Name}: no help");
                    continue;
                }

                var entries = Entries(command);
                var declared = cmdlet.Parameters.GroupBy(p => p.Name).ToList();
                var names = declared.Select(g => g.Key).Concat(cmdlet.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>()).ToList();
                problems.AddRange(names.Except(entries.Keys).Select(n => $"{cmdlet.Name}: -{n} is a parameter but has no help"));
                problems.AddRange(entries.Keys.Except(names).Select(n => $"{cmdlet.Name}: -{n} has help but is no parameter"));

                foreach (var parameter in declared.Where(g => entries.ContainsKey(g.Key)))
                {
                    var entry = entries[parameter.Key];
                    var pipelineInput = entry.Attribute("pipelineInput")!.Value;

                    // The parameters list describes a parameter once, so only what is the same in all its sets is compared.
                    void Compare(string what, Func<CmdletParameter, string> declaredValue, string helpValue)
                    {
                        var values = parameter.Select(declaredValue).Distinct().ToList();
                        if (values.Count == 1 && values[0] != helpValue)
                        {
                            problems.Add($"{cmdlet.Name} -{parameter.Key}: {what} is '{values[0]}' in the assembly but '{helpValue}' in the help");
                        }
                    }

                    Compare("required", p => p.Mandatory ? "true" : "false", entry.Attribute("required")!.Value);
                    Compare("position", p => p.Position == int.MinValue ? "named" : p.Position.ToString(CultureInfo.InvariantCulture), entry.Attribute("position")!.Value);
                    Compare("pipeline input", p => Pipeline(p.ByValue, p.ByPropertyName), Pipeline(pipelineInput.Contains("ByValue", StringComparison.Ordinal), pipelineInput.Contains("ByPropertyName", StringComparison.Ordinal)));
                    Compare("aliases", p => string.Join(", ", p.Aliases.DefaultIfEmpty("none")), entry.Attribute("aliases")!.Value);
                }

                var sets = cmdlet.Parameters.Select(p => p.Set).Where(s => s != AllSets).Distinct().Count();
                var syntaxItems = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").Count();
                if (syntaxItems != Math.Max(sets, 1))
                {
                    problems.Add($"{cmdlet.Name}: {Math.Max(sets, 1)} parameter sets but {syntaxItems} usage lines in the help");
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        private static string HelpPath(string edition) => Path.Combine(ModuleUnderTest.LayoutFolder, edition, "en-US", "OctopusUpgrade.dll-Help.xml");

        private static string Markdown(string cmdlet) => File.ReadAllText(Path.Combine(DocsFolder, cmdlet + ".md")).Replace("\r\n", "\n");

        private static XElement CommandHelp(string edition, string cmdlet) =>
            XDocument.Load(HelpPath(edition)).Root!.Elements(Command + "command").Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == cmdlet);

        private static Dictionary<string, XElement> Entries(XElement command) =>
            command.Element(Command + "parameters")!.Elements(Command + "parameter").ToDictionary(p => p.Element(Maml + "name")!.Value);

        private static string Describe(XElement entry) =>
            $"-{entry.Element(Maml + "name")!.Value}: {entry.Element(Dev + "type")!.Element(Maml + "name")!.Value} required={entry.Attribute("required")!.Value} position={entry.Attribute("position")!.Value} pipelineInput={entry.Attribute("pipelineInput")!.Value} aliases={entry.Attribute("aliases")!.Value}";

        /// <summary>The "Key: value" lines of the first ```yaml block in a parameter's section.</summary>
        private static Dictionary<string, string> Yaml(string section) =>
            Regex.Match(section, @"```yaml\n(?<body>.*?)```", RegexOptions.Singleline).Groups["body"].Value
                .Split('\n')
                .Where(line => line.Contains(':', StringComparison.Ordinal))
                .ToDictionary(line => line.Substring(0, line.IndexOf(':', StringComparison.Ordinal)).Trim(), line => line.Substring(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim());

        private static string Pipeline(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
        {
            (false, false) => "none",
            (true, false) => "value",
            (false, true) => "property",
            _ => "value+property",
        };
    }
}
