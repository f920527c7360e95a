using System.Collections.Generic;

namespace OctopusUpgrade.HelpCompiler.Model
{
    /// <summary>One example: its heading, its code exactly as written, and the remarks after it.</summary>
    public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);
}
