using System.Collections.Generic;

namespace OctopusUpgrade.HelpCompiler.Model
{
    /// <summary>One entry of INPUTS or OUTPUTS: a .NET type name and what it means here.</summary>
    public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
}
