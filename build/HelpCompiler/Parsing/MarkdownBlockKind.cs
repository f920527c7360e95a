namespace OctopusUpgrade.HelpCompiler.Parsing
{
    /// <summary>The three kinds of line group the help schema is made of.</summary>
    internal enum MarkdownBlockKind
    {
        /// <summary>A line of prose, or a blank line (empty Text), which ends a paragraph.</summary>
        Text,

        /// <summary>An ATX heading: Level is the number of '#'.</summary>
        Heading,

        /// <summary>A fenced code block: Info is the word after the opening fence, Text the lines inside.</summary>
        Fence,
    }
}
