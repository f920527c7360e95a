namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>One file that was not copied, and why; the run went on without it.</summary>
    public sealed record PackageCopyFailure(string RelativePath, string ErrorId, string Message);
}
