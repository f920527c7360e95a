using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using OctopusUpgrade.HelpCompiler.Model;

namespace OctopusUpgrade.HelpCompiler.Parsing
{
    /// <summary>
    /// Reads one cmdlet's help source in the platyPS 0.14 markdown schema ("# Name", then "## SYNOPSIS", "## SYNTAX",
    /// "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "## INPUTS", "## OUTPUTS", "## NOTES", "## RELATED LINKS").
    /// Anything outside that schema is refused with the file, the line and what is wrong, because platyPS's own
    /// checks do not run here and a silently dropped section would be missing help.
    /// </summary>
    public sealed class HelpSourceParser
    {
        private const string CommonParameters = "CommonParameters";
        private const string DefaultSetSuffix = "(Default)";

        private static readonly string[] SectionNames = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };
        private static readonly string[] RequiredSections = { "SYNOPSIS", "SYNTAX", "PARAMETERS" };

        private static readonly Regex CommandName = new(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex ParameterName = new(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        // A parameter in a usage line: "-Name" not preceded by a word character, so the cmdlet's own name does not count.
        private static readonly Regex UsageParameter = new(@"(?<![\w-])-(?<name>[A-Za-z_]\w*)", RegexOptions.CultureInvariant);
        private static readonly Regex LinkLine = new(@"^\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)$", RegexOptions.CultureInvariant);

        private readonly string _file;
        private readonly Dictionary<string, Section> _sections = new(StringComparer.Ordinal);

        private HelpSourceParser(string file)
        {
            _file = file;
        }

        /// <param name="file">The source's path: named in errors, and its file name must be the cmdlet's name.</param>
        public static CommandHelp Parse(string file, string markdown) => new HelpSourceParser(file).Read(MarkdownBlockReader.Read(file, markdown));

        private CommandHelp Read(IReadOnlyList<MarkdownBlock> blocks)
        {
            var nameHeading = SplitSections(blocks);
            var name = nameHeading.Text.Trim();

            var synopsis = Prose("SYNOPSIS");
            if (synopsis.Count == 0)
            {
                throw Problem(_sections["SYNOPSIS"].Heading, "SYNOPSIS is empty; Get-Help shows it as the cmdlet's one-line summary");
            }

            var syntax = ReadSyntax();
            var parameters = ReadParameters(syntax);
            CheckSyntaxShowsParameters(syntax, parameters);

            return new CommandHelp(
                name,
                synopsis,
                Prose("DESCRIPTION"),
                syntax.Select(s => s.Block).ToList(),
                parameters.Select(p => p.Help).ToList(),
                ReadExamples(),
                ReadTypes("INPUTS"),
                ReadTypes("OUTPUTS"),
                Prose("NOTES"),
                ReadLinks());
        }

        /// <summary>Files every block under its "## " section and returns the "# Name" heading.</summary>
        private MarkdownBlock SplitSections(IReadOnlyList<MarkdownBlock> blocks)
        {
            var first = blocks.FirstOrDefault(b => !b.IsBlank);
            if (first is null || first.Kind != MarkdownBlockKind.Heading || first.Level != 1)
            {
                throw new HelpSourceException(_file, first?.Line ?? 1, "expected the cmdlet's name as a '# Verb-Noun' heading before anything else");
            }

            var name = first.Text.Trim();
            if (!CommandName.IsMatch(name))
            {
                throw Problem(first, $"'{name}' is not a cmdlet name of the form Verb-Noun");
            }

            var fileName = Path.GetFileNameWithoutExtension(_file);
            if (!string.Equals(name, fileName, StringComparison.OrdinalIgnoreCase))
            {
                throw Problem(first, $"the heading names '{name}' but the file is '{fileName}.md'; platyPS names each file after its cmdlet");
            }

            List<MarkdownBlock>? body = null;
            foreach (var block in blocks.SkipWhile(b => b != first).Skip(1))
            {
                if (block.Kind == MarkdownBlockKind.Heading && block.Level == 1)
                {
                    throw Problem(block, $"a second '# ' heading ('{block.Text}'); a help source documents one cmdlet, with '## ' sections");
                }

                if (block.Kind == MarkdownBlockKind.Heading && block.Level == 2)
                {
                    var section = block.Text.Trim().ToUpperInvariant();
                    if (!SectionNames.Contains(section))
                    {
                        throw Problem(block, $"unknown section '## {block.Text.Trim()}'; the sections are {string.Join(", ", SectionNames)}");
                    }

                    body = new List<MarkdownBlock>();
                    if (!_sections.TryAdd(section, new Section(block, body)))
                    {
                        throw Problem(block, $"section '## {section}' appears twice");
                    }
                }
                else if (body is not null)
                {
                    body.Add(block);
                }
                else if (!block.IsBlank)
                {
                    throw Problem(block, "text between the '# Name' heading and the first '## ' section");
                }
            }

            foreach (var missing in RequiredSections.Where(s => !_sections.ContainsKey(s)))
            {
                throw Problem(first, $"there is no '## {missing}' section");
            }

            return first;
        }

        private IReadOnlyList<string> Prose(string sectionName)
        {
            if (!_sections.TryGetValue(sectionName, out var section))
            {
                return Array.Empty<string>();
            }

            RequireNoHeading(section.Body, sectionName);
            return MarkdownProse.ToParagraphs(section.Body);
        }

        private List<(SyntaxBlock Block, MarkdownBlock Code)> ReadSyntax()
        {
            var section = _sections["SYNTAX"];
            var (leading, sets) = Subsections(section);
            if (sets.Count == 0)
            {
                // One parameter set: platyPS writes its usage block without a set heading.
                var code = SingleCodeBlock(leading, section.Heading, "SYNTAX");
                return new() { (new SyntaxBlock(null, UsageParameters(code)), code) };
            }

            RequireBlank(leading, "under '## SYNTAX' before its first '### ParameterSetName'");
            var result = new List<(SyntaxBlock Block, MarkdownBlock Code)>();
            foreach (var (heading, body) in sets)
            {
                var setName = heading.Text.Trim();
                if (setName.EndsWith(DefaultSetSuffix, StringComparison.Ordinal))
                {
                    setName = setName.Substring(0, setName.Length - DefaultSetSuffix.Length).TrimEnd();
                }

                if (result.Any(r => string.Equals(r.Block.SetName, setName, StringComparison.OrdinalIgnoreCase)))
                {
                    throw Problem(heading, $"parameter set '{setName}' appears twice under SYNTAX");
                }

                var code = SingleCodeBlock(body, heading, $"parameter set '{setName}'");
                result.Add((new SyntaxBlock(setName, UsageParameters(code)), code));
            }

            return result;
        }

        private List<(ParameterHelp Help, MarkdownBlock Heading)> ReadParameters(List<(SyntaxBlock Block, MarkdownBlock Code)> syntax)
        {
            var setNames = syntax.Select(s => s.Block.SetName).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            var (leading, entries) = Subsections(_sections["PARAMETERS"]);
            RequireBlank(leading, "under '## PARAMETERS' before its first '### -Name'");

            var parameters = new List<(ParameterHelp Help, MarkdownBlock Heading)>();
            foreach (var (heading, body) in entries)
            {
                var title = heading.Text.Trim();
                if (title == CommonParameters)
                {
                    // Get-Help describes the common parameters itself; platyPS leaves them out of the MAML too.
                    continue;
                }

                var name = title.StartsWith('-') ? title.Substring(1) : string.Empty;
                if (!ParameterName.IsMatch(name))
                {
                    throw Problem(heading, $"expected '### -ParameterName' or '### {CommonParameters}', found '### {title}'");
                }

                if (parameters.Any(p => string.Equals(p.Help.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw Problem(heading, $"parameter -{name} is documented twice");
                }

                RequireNoHeading(body, $"-{name}");
                var prose = body.TakeWhile(b => b.Kind != MarkdownBlockKind.Fence).ToList();
                var rest = body.Skip(prose.Count).ToList();
                if (rest.Count == 0)
                {
                    throw Problem(heading, $"parameter -{name} has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters)");
                }

                var metadata = new List<ParameterMetadata>();
                foreach (var block in rest.Where(b => !b.IsBlank))
                {
                    if (block.Kind != MarkdownBlockKind.Fence || !block.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Problem(block, $"-{name}: after the description only ```yaml blocks may follow");
                    }

                    var entry = ParameterYamlReader.Read(_file, name, block);
                    var unknownSet = entry.ParameterSets.FirstOrDefault(s => !setNames.Contains(s));
                    if (unknownSet is not null)
                    {
                        throw Problem(block, $"-{name} is in parameter set '{unknownSet}', which SYNTAX has no '### {unknownSet}' block for");
                    }

                    metadata.Add(entry);
                }

                parameters.Add((new ParameterHelp(name, MarkdownProse.ToParagraphs(prose), metadata), heading));
            }

            return parameters;
        }

        /// <summary>
        /// The usage lines and the parameter entries are written separately, so they can drift apart; the MAML
        /// needs both to agree, since its syntax items are built from the parameter entries in usage-line order.
        /// </summary>
        private void CheckSyntaxShowsParameters(List<(SyntaxBlock Block, MarkdownBlock Code)> syntax, List<(ParameterHelp Help, MarkdownBlock Heading)> parameters)
        {
            foreach (var (block, code) in syntax)
            {
                var set = block.SetName is null ? "SYNTAX" : $"SYNTAX's '{block.SetName}' block";
                foreach (var shown in block.ParameterNames)
                {
                    var parameter = parameters.FirstOrDefault(p => string.Equals(p.Help.Name, shown, StringComparison.OrdinalIgnoreCase)).Help;
                    if (parameter is null)
                    {
                        throw Problem(code, $"{set} shows -{shown}, which PARAMETERS does not document");
                    }

                    if (!parameter.Metadata.Any(m => m.AppliesTo(block.SetName)))
                    {
                        throw Problem(code, $"{set} shows -{shown}, but its yaml puts it only in {string.Join(", ", parameter.Metadata.SelectMany(m => m.ParameterSets))}");
                    }
                }

                foreach (var (help, heading) in parameters.Where(p => p.Help.Metadata.Any(m => m.AppliesTo(block.SetName))))
                {
                    if (!block.ParameterNames.Contains(help.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        throw Problem(heading, $"-{help.Name} belongs to {(block.SetName is null ? "the cmdlet" : $"parameter set '{block.SetName}'")} but {set} does not show it");
                    }
                }
            }
        }

        private IReadOnlyList<ExampleHelp> ReadExamples()
        {
            if (!_sections.TryGetValue("EXAMPLES", out var section))
            {
                return Array.Empty<ExampleHelp>();
            }

            var (leading, examples) = Subsections(section);
            RequireBlank(leading, "under '## EXAMPLES' before its first '### Example'");
            return examples.Select(example =>
            {
                var (heading, body) = example;
                RequireNoHeading(body, $"example '{heading.Text.Trim()}'");
                var code = body.Where(b => b.Kind == MarkdownBlockKind.Fence).Select(b => b.Text).ToList();
                if (code.Count == 0)
                {
                    throw Problem(heading, $"example '{heading.Text.Trim()}' has no code block");
                }

                return new ExampleHelp(heading.Text.Trim(), string.Join("\n\n", code), MarkdownProse.ToParagraphs(body.Where(b => b.Kind != MarkdownBlockKind.Fence)));
            }).ToList();
        }

        private IReadOnlyList<TypeHelp> ReadTypes(string sectionName)
        {
            if (!_sections.TryGetValue(sectionName, out var section))
            {
                return Array.Empty<TypeHelp>();
            }

            var (leading, types) = Subsections(section);
            RequireBlank(leading, $"under '## {sectionName}' before its first '### TypeName'");
            return types.Select(type =>
            {
                RequireNoHeading(type.Body, $"{sectionName} '{type.Heading.Text.Trim()}'");
                return new TypeHelp(type.Heading.Text.Trim(), MarkdownProse.ToParagraphs(type.Body));
            }).ToList();
        }

        private IReadOnlyList<RelatedLink> ReadLinks()
        {
            if (!_sections.TryGetValue("RELATED LINKS", out var section))
            {
                return Array.Empty<RelatedLink>();
            }

            var links = new List<RelatedLink>();
            foreach (var block in section.Body.Where(b => !b.IsBlank))
            {
                var link = block.Kind == MarkdownBlockKind.Text ? LinkLine.Match(block.Text.Trim()) : Match.Empty;
                if (!link.Success)
                {
                    throw Problem(block, "RELATED LINKS holds only links, one a line: '[Text](address)', or '[Topic]()' for another help topic");
                }

                links.Add(new RelatedLink(link.Groups["text"].Value, link.Groups["uri"].Value));
            }

            return links;
        }

        /// <summary>Splits a section at its "### " headings: the blocks before the first, then each heading with its body.</summary>
        private static (List<MarkdownBlock> Leading, List<(MarkdownBlock Heading, List<MarkdownBlock> Body)> Entries) Subsections(Section section)
        {
            var leading = new List<MarkdownBlock>();
            var entries = new List<(MarkdownBlock Heading, List<MarkdownBlock> Body)>();
            foreach (var block in section.Body)
            {
                if (block.Kind == MarkdownBlockKind.Heading && block.Level == 3)
                {
                    entries.Add((block, new List<MarkdownBlock>()));
                }
                else
                {
                    (entries.Count == 0 ? leading : entries[^1].Body).Add(block);
                }
            }

            return (leading, entries);
        }

        private MarkdownBlock SingleCodeBlock(List<MarkdownBlock> body, MarkdownBlock heading, string what)
        {
            RequireNoHeading(body, what);
            var content = body.Where(b => !b.IsBlank).ToList();
            if (content.Count == 0)
            {
                throw Problem(heading, $"{what} has no usage code block");
            }

            if (content.Count > 1 || content[0].Kind != MarkdownBlockKind.Fence)
            {
                var stray = content.First(b => b.Kind != MarkdownBlockKind.Fence || b != content[0]);
                throw Problem(stray, $"{what} holds only one usage code block, with a '### ParameterSetName' heading for each parameter set");
            }

            return content[0];
        }

        private static IReadOnlyList<string> UsageParameters(MarkdownBlock code) =>
            UsageParameter.Matches(code.Text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        private void RequireBlank(IEnumerable<MarkdownBlock> blocks, string where)
        {
            var stray = blocks.FirstOrDefault(b => !b.IsBlank);
            if (stray is not null)
            {
                throw Problem(stray, $"unexpected content {where}");
            }
        }

        private void RequireNoHeading(IEnumerable<MarkdownBlock> blocks, string where)
        {
            var heading = blocks.FirstOrDefault(b => b.Kind == MarkdownBlockKind.Heading);
            if (heading is not null)
            {
                throw Problem(heading, $"unexpected heading '{new string('#', heading.Level)} {heading.Text}' in {where}");
            }
        }

        private HelpSourceException Problem(MarkdownBlock block, string problem) => new(_file, block.Line, problem);

        private sealed record Section(MarkdownBlock Heading, List<MarkdownBlock> Body);
    }
}
