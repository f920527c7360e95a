using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.HelpCompiler.Parsing
{
    /// <summary>
    /// Splits a help source into headings, fenced code blocks and prose lines. Fences are found first, so a
    /// '# comment' inside an example's code is never taken for a heading.
    /// </summary>
    internal static class MarkdownBlockReader
    {
        private const string Fence = "```";

        private static readonly Regex Heading = new(@"^(?<hashes>#{1,6})[ \t]+(?<text>.*?)[ \t]*$", RegexOptions.CultureInvariant);

        public static IReadOnlyList<MarkdownBlock> Read(string file, string markdown)
        {
            var lines = markdown.Replace("\r\n", "\n").Split('\n');
            var blocks = new List<MarkdownBlock>();
            var index = SkipFrontMatter(file, lines);
            while (index < lines.Length)
            {
                var line = lines[index];
                if (line.TrimStart().StartsWith(Fence, System.StringComparison.Ordinal))
                {
                    index = ReadFence(file, lines, index, blocks);
                    continue;
                }

                var heading = Heading.Match(line);
                blocks.Add(heading.Success
                    ? new MarkdownBlock(MarkdownBlockKind.Heading, index + 1, heading.Groups["text"].Value, heading.Groups["hashes"].Length)
                    : new MarkdownBlock(MarkdownBlockKind.Text, index + 1, line));
                index++;
            }

            return blocks;
        }

        /// <summary>Returns the index of the first line after the YAML front matter (0 when there is none).</summary>
        private static int SkipFrontMatter(string file, string[] lines)
        {
            if (lines.Length == 0 || lines[0].Trim() != "---")
            {
                return 0;
            }

            for (var index = 1; index < lines.Length; index++)
            {
                if (lines[index].Trim() == "---")
                {
                    return index + 1;
                }
            }

            throw new HelpSourceException(file, 1, "the front matter opened with '---' is never closed with '---'");
        }

        private static int ReadFence(string file, string[] lines, int start, List<MarkdownBlock> blocks)
        {
            var info = lines[start].Trim().Substring(Fence.Length).Trim();
            var content = new List<string>();
            for (var index = start + 1; index < lines.Length; index++)
            {
                if (lines[index].Trim() == Fence)
                {
                    blocks.Add(new MarkdownBlock(MarkdownBlockKind.Fence, start + 1, string.Join("\n", content), Info: info));
                    return index + 1;
                }

                content.Add(lines[index]);
            }

            throw new HelpSourceException(file, start + 1, "this code block is never closed with ```");
        }
    }
}
