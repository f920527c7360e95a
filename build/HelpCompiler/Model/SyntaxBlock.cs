using System.Collections.Generic;

namespace OctopusUpgrade.HelpCompiler.Model
{
    /// <summary>One parameter set from SYNTAX: its name and the parameters its usage line shows, in that order.</summary>
    /// <param name="SetName">The set's name without "(Default)"; null for the single unnamed block.</param>
    public sealed record SyntaxBlock(string? SetName, IReadOnlyList<string> ParameterNames);
}
