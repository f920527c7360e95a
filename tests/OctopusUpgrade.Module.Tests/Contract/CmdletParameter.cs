using System.Collections.Generic;

namespace OctopusUpgrade.Module.Tests.Contract
{
    /// <summary>One [Parameter] attribute of a cmdlet property: the parameter as one parameter set sees it.</summary>
    /// <param name="Set">The parameter set's name, or __AllParameterSets.</param>
    /// <param name="Position">int.MinValue when the parameter is named only.</param>
    public sealed record CmdletParameter(string Name, string Set, int Position, bool Mandatory, bool ByValue, bool ByPropertyName, IReadOnlyList<string> Aliases);
}
