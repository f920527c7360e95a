namespace OctopusUpgrade.Sandbox
{
    /// <summary>One T-SQL token; <see cref="Text"/> of quoted identifiers and strings is unescaped.</summary>
    internal sealed record SqlToken(SqlTokenKind Kind, string Text, int Position)
    {
        public bool Is(string word) => Kind == SqlTokenKind.Word && string.Equals(Text, word, System.StringComparison.OrdinalIgnoreCase);

        public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

        public bool IsName => Kind is SqlTokenKind.Word or SqlTokenKind.Quoted;
    }
}
