namespace OctopusUpgrade.Sandbox
{
    /// <summary>A package in the built-in feed: written to disk as a real <c>.nupkg</c> and, unless told otherwise, indexed.</summary>
    public sealed class PackageDescription
    {
        /// <summary>NuGet package id.</summary>
        public string Id { get; set; } = "";

        /// <summary>Package version (SemVer).</summary>
        public string Version { get; set; } = "1.0.0";

        /// <summary>Space name; null means the default space.</summary>
        public string? Space { get; set; }

        /// <summary>Whether the server's index already knows the package; false leaves it on disk only until a re-index.</summary>
        public bool Indexed { get; set; } = true;
    }
}
