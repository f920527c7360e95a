namespace OctopusUpgrade.Results
{
    /// <summary>How Copy-NuGetPackages decides a package at the destination is already the same as its source.</summary>
    public enum PackageVerification
    {
        /// <summary>Same size and last-write time means same file; copied files are hashed as they stream.</summary>
        Fast,

        /// <summary>Every file is hashed on both sides, whatever its size and time.</summary>
        Full,
    }
}
