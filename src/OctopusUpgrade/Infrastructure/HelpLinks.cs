namespace OctopusUpgrade.Infrastructure
{
    /// <summary>
    /// Where each cmdlet's help is published, for <c>Get-Help -Online</c>: the help sources in docs/OctopusUpgrade
    /// as the project's repository shows them. One base address, so moving the repository is one change here.
    /// </summary>
    internal static class HelpLinks
    {
        public const string Base = "https://github.com/OctopusUpgrade/OctopusUpgrade/blob/main/docs/OctopusUpgrade/";
    }
}
