using System.Collections.Generic;

namespace OctopusUpgrade.HelpCompiler.Model
{
    /// <summary>Everything one cmdlet's markdown help says, ready to render as MAML.</summary>
    /// <param name="SyntaxSets">
    /// The parameter sets named under SYNTAX, in their order; empty when SYNTAX has a single unnamed block.
    /// </param>
    public sealed record CommandHelp(
        string Name,
        IReadOnlyList<string> Synopsis,
        IReadOnlyList<string> Description,
        IReadOnlyList<SyntaxBlock> SyntaxSets,
        IReadOnlyList<ParameterHelp> Parameters,
        IReadOnlyList<ExampleHelp> Examples,
        IReadOnlyList<TypeHelp> Inputs,
        IReadOnlyList<TypeHelp> Outputs,
        IReadOnlyList<string> Notes,
        IReadOnlyList<RelatedLink> Links)
    {
        public string Verb => Name.Substring(0, Name.IndexOf('-'));

        public string Noun => Name.Substring(Name.IndexOf('-') + 1);
    }
}
