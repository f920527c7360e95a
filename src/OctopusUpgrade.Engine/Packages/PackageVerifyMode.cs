namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>How much reading a package copy does to prove a file is right; <see cref="Fast"/> (zero) is the default.</summary>
    public enum PackageVerifyMode
    {
        /// <summary>
        /// A destination file whose size and last-write time match the source is taken as done. A copied file is
        /// verified as it is written: the source is read once, and every chunk written is read back from the
        /// destination and compared with the chunk read.
        /// </summary>
        Fast = 0,

        /// <summary>
        /// As <see cref="Fast"/>, and nothing is trusted on metadata: a destination file of the source's size is
        /// skipped only when both files hash the same; the source is hashed (SHA-256) while it streams, and a copied
        /// file is hashed again once written, and its source a second time, and both must equal that hash, so a source
        /// that reads differently twice is caught.
        /// </summary>
        Full = 1,
    }
}
