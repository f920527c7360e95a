namespace OctopusUpgrade.Sandbox
{
    /// <summary>T-SQL token kinds the sandbox's reader tells apart.</summary>
    internal enum SqlTokenKind
    {
        /// <summary>A keyword or bare identifier.</summary>
        Word,

        /// <summary>A delimited identifier: <c>[a]]b]</c> or <c>"a""b"</c>, text unescaped.</summary>
        Quoted,

        /// <summary>A string literal: <c>N'a''b'</c> or <c>'a''b'</c>, text unescaped.</summary>
        String,
        Number,

        /// <summary>A parameter: <c>@name</c>.</summary>
        Variable,
        Symbol,
        End,
    }
}
