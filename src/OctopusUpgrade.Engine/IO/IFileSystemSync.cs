using System;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>A handle on the destination's file system that puts everything written to it on the disk in one call.</summary>
    internal interface IFileSystemSync : IDisposable
    {
        /// <summary>Returns once every file written to the file system so far is on the disk.</summary>
        /// <exception cref="System.IO.IOException">The file system reported a write-back error (the errno's text and number).</exception>
        void Sync();
    }
}
