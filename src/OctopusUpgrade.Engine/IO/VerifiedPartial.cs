namespace OctopusUpgrade.Engine.IO
{
    /// <summary>A file written and verified under its temporary name, waiting for its data to be durable and its rename (<see cref="VerifiedFileCopier.Publish"/>).</summary>
    /// <param name="File">The copy it holds.</param>
    /// <param name="PartialPath">Its temporary name beside the final one.</param>
    internal sealed record VerifiedPartial(VerifiedCopy File, string PartialPath);
}
