namespace OctopusUpgrade.HelpCompiler.Parsing
{
    /// <summary>One heading, fenced code block or prose line, with the 1-based line it starts on.</summary>
    internal sealed record MarkdownBlock(MarkdownBlockKind Kind, int Line, string Text, int Level = 0, string Info = "")
    {
        public bool IsBlank => Kind == MarkdownBlockKind.Text && Text.Trim().Length == 0;
    }
}
