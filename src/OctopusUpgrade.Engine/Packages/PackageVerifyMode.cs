namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>How much reading a package copy does to prove a file is right.</summary>
    public enum PackageVerifyMode
    {
        /// <summary>
        /// A destination file whose size and last-write time match the source is taken as done. A copied file is
        /// verified by hashing the written file, read back through the file system, against the hash of the
        /// source bytes taken while streaming them (the source is read once).
        /// </summary>
        Fast = 0,

        /// <summary>
        /// As <see cref="Fast"/>, and nothing is trusted on metadata: a destination file of the source's size is
        /// re-hashed together with its source before it is skipped, and a copied file's source is hashed a second
        /// time after the copy, so a source that reads differently twice is caught.
        /// </summary>
        Full = 1,
    }
}
