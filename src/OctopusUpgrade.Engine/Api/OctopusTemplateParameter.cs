namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A step template's parameter: the variable a step made from the template sets.</summary>
    public sealed record OctopusTemplateParameter(string Name, string Label, string HelpText);
}
