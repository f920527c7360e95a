using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.HelpCompiler.Model
{
    /// <summary>One ```yaml block of a parameter, with values as platyPS 0.14 writes them.</summary>
    /// <param name="ParameterSets">The sets it applies to; empty for "(All)".</param>
    /// <param name="Position">"Named" or a number.</param>
    /// <param name="PipelineInput">"False", or "True (ByValue)", "True (ByPropertyName)" or both.</param>
    public sealed record ParameterMetadata(
        string Type,
        IReadOnlyList<string> ParameterSets,
        IReadOnlyList<string> Aliases,
        IReadOnlyList<string> AcceptedValues,
        bool Required,
        string Position,
        string DefaultValue,
        string PipelineInput,
        bool AcceptsWildcards)
    {
        public bool AppliesTo(string? setName) => ParameterSets.Count == 0 || setName is null || ParameterSets.Contains(setName, StringComparer.OrdinalIgnoreCase);
    }
}
