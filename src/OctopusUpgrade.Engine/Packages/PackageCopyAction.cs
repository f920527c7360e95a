namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>What the copy will do with one file.</summary>
    public enum PackageCopyAction
    {
        Copy = 0,
        Skip = 1,
    }
}
