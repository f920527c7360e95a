using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.HelpCompiler.Parsing
{
    /// <summary>
    /// Turns markdown prose into the plain paragraphs MAML holds (maml:para). Get-Help prints text as it is, so
    /// inline markup is taken out: code spans keep their text, links keep their text (and address, when it
    /// says more), emphasis markers and backslash escapes go. Each list item becomes its own paragraph, its
    /// marker kept so a list still reads as one in the console. A code block inside prose stays one paragraph.
    /// </summary>
    internal static class MarkdownProse
    {
        private const RegexOptions Options = RegexOptions.CultureInvariant;

        private static readonly Regex ListItem = new(@"^\s*(?<marker>[-*+]|\d{1,9}[.)])\s+(?<text>.*)$", Options);
        private static readonly Regex Link = new(@"\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)", Options);
        private static readonly Regex AutoLink = new(@"<(?<uri>https?://[^>\s]+)>", Options);

        // Emphasis only where markdown would see it: the marker hugs the text and stands apart from words, so
        // "$_.Name", "about_CommonParameters" and "5 * 3" are left alone.
        private static readonly Regex Strong = new(@"(?<![\\\w])(\*\*|__)(?=\S)(?<text>.+?)(?<=\S)\1(?!\w)", Options);
        private static readonly Regex Emphasis = new(@"(?<=^|[\s(\[""'])([*_])(?=[^\s*_])(?<text>[^*_]+?)(?<=\S)\1(?=$|[\s.,;:!?)\]""'])", Options);
        private static readonly Regex Escape = new(@"\\(?<char>[!-/:-@\[-`{-~])", Options);

        public static IReadOnlyList<string> ToParagraphs(IEnumerable<MarkdownBlock> blocks)
        {
            var paragraphs = new List<string>();
            string? marker = null;
            var text = new StringBuilder();

            void Flush()
            {
                if (text.Length > 0)
                {
                    paragraphs.Add((marker is null ? string.Empty : marker + " ") + Inline(text.ToString()));
                }

                text.Clear();
                marker = null;
            }

            foreach (var block in blocks)
            {
                if (block.Kind == MarkdownBlockKind.Fence)
                {
                    Flush();
                    paragraphs.Add(block.Text);
                    continue;
                }

                if (block.IsBlank)
                {
                    Flush();
                    continue;
                }

                var item = ListItem.Match(block.Text);
                if (item.Success)
                {
                    Flush();
                    marker = item.Groups["marker"].Value is "*" or "+" ? "-" : item.Groups["marker"].Value;
                    text.Append(item.Groups["text"].Value.Trim());
                    continue;
                }

                text.Append(text.Length > 0 ? " " : string.Empty).Append(block.Text.Trim());
            }

            Flush();
            return paragraphs;
        }

        /// <summary>Plain text of one line or paragraph of markdown.</summary>
        public static string Inline(string markdown)
        {
            var result = new StringBuilder();
            var index = 0;
            while (index < markdown.Length)
            {
                var tick = markdown.IndexOf('`', index);
                if (tick < 0)
                {
                    result.Append(Plain(markdown.Substring(index)));
                    break;
                }

                result.Append(Plain(markdown.Substring(index, tick - index)));
                var run = 1;
                while (tick + run < markdown.Length && markdown[tick + run] == '`')
                {
                    run++;
                }

                var fence = new string('`', run);
                var close = markdown.IndexOf(fence, tick + run, System.StringComparison.Ordinal);
                if (close < 0)
                {
                    result.Append(fence);
                    index = tick + run;
                    continue;
                }

                // A code span's text is literal: no markup inside it is interpreted.
                result.Append(markdown.Substring(tick + run, close - tick - run).Trim());
                index = close + run;
            }

            return result.ToString();
        }

        private static string Plain(string markdown)
        {
            var text = Link.Replace(markdown, m =>
            {
                var uri = m.Groups["uri"].Value;
                var label = m.Groups["text"].Value;
                return uri.Length == 0 || uri == label ? label : $"{label} ({uri})";
            });
            text = AutoLink.Replace(text, m => m.Groups["uri"].Value);
            text = Strong.Replace(text, m => m.Groups["text"].Value);
            text = Emphasis.Replace(text, m => m.Groups["text"].Value);
            return Escape.Replace(text, m => m.Groups["char"].Value);
        }
    }
}
