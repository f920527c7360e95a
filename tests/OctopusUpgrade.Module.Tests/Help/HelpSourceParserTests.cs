using System;
using System.Linq;
using OctopusUpgrade.HelpCompiler.Parsing;

namespace OctopusUpgrade.Module.Tests.Help
{
    public sealed class HelpSourceParserTests
    {
        private const string IdYaml = "\n\n```yaml\nType: Int32\nParameter Sets: ById\nAliases:\n\nRequired: True\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)\nAccept wildcard characters: False\n```\n";

        /// <summary>
        /// Each row: one edit of <see cref="HelpSourceSample"/> (find, replace), the text whose line the error must
        /// name, and a piece of the message it must give.
        /// </summary>
        public static TheoryData<string, string, string, string> MalformedSources => new()
        {
            { "The thing's id." + IdYaml, "The thing's id.\n", "### -Id", "parameter -Id has no ```yaml block" },
            { "Type: Int32\n", string.Empty, "```yaml", "-Id: the yaml block has no Type" },
            { "Aliases: M\n", "Alias: M\n", "Alias: M", "-Mode: unknown yaml key 'Alias'" },
            { "Aliases: M\n", "Aliases: M\nAliases: N\n", "Aliases: N", "-Mode: yaml key 'Aliases' is given twice" },
            { "Required: True", "Required: Yes", "Required: Yes", "-Id: 'Required' must be True or False, not 'Yes'" },
            { "Position: 0", "Position: First", "Position: First", "-Name: 'Position' must be Named or a number, not 'First'" },
            { "Accept pipeline input: True (ByPropertyName)\n", "Accept pipeline input: Yes\n", "Accept pipeline input: Yes", "-Id: 'Accept pipeline input' must be False or True (ByValue)" },
            { "```yaml\nType: ThingMode", "```json\nType: ThingMode", "```json", "-Mode: after the description only ```yaml blocks may follow" },
            { "Parameter Sets: ById", "Parameter Sets: ByKey", "```yaml", "-Id is in parameter set 'ByKey', which SYNTAX has no '### ByKey' block" },
            { "### -Mode", "### Mode", "### Mode", "expected '### -ParameterName' or '### CommonParameters', found '### Mode'" },
            { "### -Recurse\n", "### -name\n", "### -name", "parameter -name is documented twice" },
            { "## NOTES", "## REMARKS", "## REMARKS", "unknown section '## REMARKS'" },
            { "Needs read access.\n", "Needs read access.\n\n## NOTES\nAgain.\n", "## NOTES\nAgain", "section '## NOTES' appears twice" },
            { "## SYNOPSIS\nGets the **things** from `C:\\Things`.\n\n", string.Empty, "# Get-Thing", "there is no '## SYNOPSIS' section" },
            { "Gets the **things** from `C:\\Things`.\n", string.Empty, "## SYNOPSIS", "SYNOPSIS is empty" },
            { "# Get-Thing\n", "# Get-Other\n", "# Get-Other", "the heading names 'Get-Other' but the file is 'Get-Thing.md'" },
            { "# Get-Thing\n", "# GetThing\n", "# GetThing", "'GetThing' is not a cmdlet name of the form Verb-Noun" },
            { "# Get-Thing\n", "# Get-Thing\nStray text.\n", "Stray text.", "text between the '# Name' heading and the first '## ' section" },
            { "schema: 2.0.0\n---\n", "schema: 2.0.0\n", "---", "the front matter opened with '---' is never closed" },
            { "[Online](https://example.com/get-thing)", "[Online](https://example.com/get-thing)\n\n```text\nunclosed", "```text", "this code block is never closed" },
            { "[Online](https://example.com/get-thing)", "Online: https://example.com/get-thing", "Online: https", "RELATED LINKS holds only links" },
            { "Needs read access.\n", "Needs read access.\n\n### Detail\nMore.\n", "### Detail", "unexpected heading '### Detail' in NOTES" },
            { "```powershell\n# A comment, not a heading\nGet-Thing\n```\n", string.Empty, "### Example 1", "example 'Example 1: Get every thing' has no code block" },
            { "### ById\n```", "### ById\nUsage:\n```", "Usage:", "parameter set 'ById' holds only one usage code block" },
            { "### ById\n```\nGet-Thing -Id <Int32> [-Mode <ThingMode>] [<CommonParameters>]\n```\n", "### ById\n", "### ById", "parameter set 'ById' has no usage code block" },
            { "[-Recurse] [<CommonParameters>]", "[-Recurse] [-Force] [<CommonParameters>]", "```\nGet-Thing [[-Name]", "SYNTAX's 'ByName' block shows -Force, which PARAMETERS does not document" },
            { "[-Recurse] [<CommonParameters>]", "[<CommonParameters>]", "### -Recurse", "-Recurse belongs to parameter set 'ByName' but SYNTAX's 'ByName' block does not show it" },
        };

        [Fact]
        public void A_good_source_is_read_section_by_section()
        {
            var help = HelpSourceParser.Parse(HelpSourceSample.FileName, HelpSourceSample.Markdown);

            Assert.Equal(("Get-Thing", "Get", "Thing"), (help.Name, help.Verb, help.Noun));
            Assert.Equal(new[] { @"Gets the things from C:\Things." }, help.Synopsis);
            Assert.Equal(
                new[] { "Get-Thing reads things. See about_Things and the site (https://example.com/things).", "- First item continues here.", "- Second item with -Name." },
                help.Description);
            Assert.Equal(new[] { "ByName: Name Mode Recurse", "ById: Id Mode" }, help.SyntaxSets.Select(s => $"{s.SetName}: {string.Join(" ", s.ParameterNames)}"));

            Assert.Equal(new[] { "Id", "Mode", "Name", "Recurse" }, help.Parameters.Select(p => p.Name));
            var name = help.Parameters.Single(p => p.Name == "Name");
            Assert.Equal(new[] { "The names; wildcards work." }, name.Description);
            var metadata = Assert.Single(name.Metadata);
            Assert.Equal("String[]", metadata.Type);
            Assert.Equal(new[] { "ByName" }, metadata.ParameterSets);
            Assert.Equal(new[] { "ThingName", "N" }, metadata.Aliases);
            Assert.Equal((false, "0", "All", "True (ByPropertyName, ByValue)", true), (metadata.Required, metadata.Position, metadata.DefaultValue, metadata.PipelineInput, metadata.AcceptsWildcards));
            Assert.Equal(new[] { "Fast", "Full" }, help.Parameters.Single(p => p.Name == "Mode").Metadata[0].AcceptedValues);
            Assert.Empty(help.Parameters.Single(p => p.Name == "Mode").Metadata[0].ParameterSets);
            Assert.True(help.Parameters.Single(p => p.Name == "Id").Metadata[0].Required);

            var example = Assert.Single(help.Examples);
            Assert.Equal("Example 1: Get every thing", example.Title);
            Assert.Equal("# A comment, not a heading\nGet-Thing", example.Code);
            Assert.Equal(new[] { "Gets every thing." }, example.Remarks);

            Assert.Equal(new[] { "System.String: Names, by value." }, help.Inputs.Select(i => $"{i.TypeName}: {string.Join(" ", i.Description)}"));
            Assert.Equal(new[] { "Things.Thing: One per thing." }, help.Outputs.Select(o => $"{o.TypeName}: {string.Join(" ", o.Description)}"));
            Assert.Equal(new[] { "Needs read access." }, help.Notes);
            Assert.Equal(new[] { "about_Things|", "Online|https://example.com/get-thing" }, help.Links.Select(l => $"{l.Text}|{l.Uri}"));
        }

        [Fact]
        public void A_parameter_with_a_yaml_block_per_parameter_set_keeps_each()
        {
            var twoBlocks = HelpSourceSample.Markdown
                .Replace("Parameter Sets: (All)\nAliases: M\n", "Parameter Sets: ByName\nAliases: M\n", StringComparison.Ordinal)
                .Replace("Accept wildcard characters: False\n```\n\n### -Name", "Accept wildcard characters: False\n```\n\n```yaml\nType: ThingMode\nParameter Sets: ById\nRequired: True\n```\n\n### -Name", StringComparison.Ordinal);

            var mode = HelpSourceParser.Parse(HelpSourceSample.FileName, twoBlocks).Parameters.Single(p => p.Name == "Mode");

            Assert.Equal(new[] { "ByName:False", "ById:True" }, mode.Metadata.Select(m => $"{string.Join(",", m.ParameterSets)}:{m.Required}"));
        }

        [Theory]
        [MemberData(nameof(MalformedSources))]
        public void A_malformed_source_is_refused_with_its_line_and_problem(string find, string replace, string lineOf, string problem)
        {
            Assert.Equal(2, HelpSourceSample.Markdown.Split(find).Length);
            var markdown = HelpSourceSample.Markdown.Replace(find, replace, StringComparison.Ordinal);
            var expectedLine = markdown.Substring(0, markdown.IndexOf(lineOf, StringComparison.Ordinal)).Count(c => c == '\n') + 1;

            var error = Assert.Throws<HelpSourceException>(() => HelpSourceParser.Parse(HelpSourceSample.FileName, markdown));

            Assert.Equal(HelpSourceSample.FileName, error.File);
            Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
            Assert.Equal(expectedLine, error.Line);
        }

        [Theory]
        [InlineData("`a*b*c` and ``one ` tick``", "a*b*c and one ` tick")]
        [InlineData("**strong**, __strong__, *em* and _em_.", "strong, strong, em and em.")]
        [InlineData("[the site](https://example.com) and [about_Things]()", "the site (https://example.com) and about_Things")]
        [InlineData("<https://example.com/x>", "https://example.com/x")]
        [InlineData(@"$_.Name, about_CommonParameters, 5 * 3 and C:\Octopus\Backup", @"$_.Name, about_CommonParameters, 5 * 3 and C:\Octopus\Backup")]
        [InlineData(@"\*not emphasis\* and \[not a link\]", "*not emphasis* and [not a link]")]
        public void Inline_markup_becomes_plain_text(string markdown, string text)
        {
            Assert.Equal(text, MarkdownProse.Inline(markdown));
        }
    }
}
