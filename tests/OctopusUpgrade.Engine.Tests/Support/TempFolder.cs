using System;
using System.IO;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "octopus-upgrade-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a failed test must not hide that test's own failure.
            }
        }
    }
}
