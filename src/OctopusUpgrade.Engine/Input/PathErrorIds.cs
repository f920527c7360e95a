namespace OctopusUpgrade.Engine.Input
{
    /// <summary>The error ids of reading a path parameter (-Source, -Destination and their kin).</summary>
    public static class PathErrorIds
    {
        public const string Prefix = "Path";

        public const string NotFileSystem = "PathNotFileSystem";
    }
}
