using System.Linq;
using System.Xml.Linq;
using OctopusUpgrade.HelpCompiler.Maml;
using OctopusUpgrade.HelpCompiler.Parsing;

namespace OctopusUpgrade.Module.Tests.Help
{
    public sealed class MamlWriterTests
    {
        private static readonly XNamespace Command = MamlWriter.Command;
        private static readonly XNamespace Maml = MamlWriter.Maml;
        private static readonly XNamespace Dev = MamlWriter.Dev;

        private static XElement SampleCommand() =>
            MamlWriter.Write(new[] { HelpSourceParser.Parse(HelpSourceSample.FileName, HelpSourceSample.Markdown) }).Root!.Element(Command + "command")!;

        [Fact]
        public void Each_usage_line_lists_its_set_in_syntax_order_with_that_sets_attributes()
        {
            var items = SampleCommand().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

            Assert.Equal(
                new[] { "Name Mode Recurse", "Id Mode" },
                items.Select(i => string.Join(" ", i.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value))));
            var name = items[0].Elements(Command + "parameter").First();
            Assert.Equal(("false", "true", "True (ByPropertyName, ByValue)", "0", "ThingName, N"), Attributes(name));
            var id = items[1].Elements(Command + "parameter").First();
            Assert.Equal(("true", "false", "True (ByPropertyName)", "named", "none"), Attributes(id));
        }

        [Fact]
        public void A_switch_shows_no_value_in_a_usage_line_and_accepted_values_show_there_only()
        {
            var command = SampleCommand();
            XElement Syntax(string name) => command.Descendants(Command + "syntaxItem").Elements(Command + "parameter").First(p => p.Element(Maml + "name")!.Value == name);
            XElement Entry(string name) => command.Element(Command + "parameters")!.Elements().First(p => p.Element(Maml + "name")!.Value == name);

            Assert.Null(Syntax("Recurse").Element(Command + "parameterValue"));
            Assert.Equal("SwitchParameter", Entry("Recurse").Element(Command + "parameterValue")!.Value);
            Assert.Equal(new[] { "Fast", "Full" }, Syntax("Mode").Element(Command + "parameterValueGroup")!.Elements().Select(v => v.Value));
            Assert.Null(Entry("Mode").Element(Command + "parameterValueGroup"));
            Assert.Equal("Fast", Entry("Mode").Element(Dev + "defaultValue")!.Value);
        }

        [Fact]
        public void The_command_carries_every_section_in_the_order_platyPS_writes_them()
        {
            var command = SampleCommand();

            Assert.Equal(
                new[] { "details", "description", "syntax", "parameters", "inputTypes", "returnValues", "alertSet", "examples", "relatedLinks" },
                command.Elements().Select(e => e.Name.LocalName));
            Assert.Equal("# A comment, not a heading\nGet-Thing", command.Descendants(Dev + "code").Single().Value);
            Assert.Equal("Needs read access.", command.Element(Maml + "alertSet")!.Value);
            Assert.Equal("https://example.com/get-thing", command.Descendants(Maml + "navigationLink").Last().Element(Maml + "uri")!.Value);
        }

        private static (string Required, string Globbing, string PipelineInput, string Position, string Aliases) Attributes(XElement parameter) =>
            ((string)parameter.Attribute("required")!, (string)parameter.Attribute("globbing")!, (string)parameter.Attribute("pipelineInput")!, (string)parameter.Attribute("position")!, (string)parameter.Attribute("aliases")!);
    }
}
