namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>
    /// One 2.6 leftover under the home folder: its name as the upgrade guide gives it, its full path, and what removing
    /// it frees (files under it, links not followed). A folder that is itself a link is removed as a link: nothing it
    /// points to is touched or counted.
    /// </summary>
    public sealed record LegacyFolder(string Name, string FullPath, long SizeBytes, int FileCount, bool IsLink);
}
