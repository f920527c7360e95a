namespace OctopusUpgrade.HelpCompiler.Model
{
    /// <summary>One entry of RELATED LINKS; Uri is empty for a link to another help topic.</summary>
    public sealed record RelatedLink(string Text, string Uri);
}
