using System.Collections.Generic;

namespace OctopusUpgrade.HelpCompiler.Model
{
    /// <summary>
    /// One parameter: its prose and its yaml metadata. platyPS writes one yaml block per distinct set of
    /// attributes, so a parameter whose attributes differ between parameter sets has several.
    /// </summary>
    public sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterMetadata> Metadata);
}
