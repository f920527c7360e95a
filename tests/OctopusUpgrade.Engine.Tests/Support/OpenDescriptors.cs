using System.IO;
using System.Linq;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>
    /// This process's open file descriptors as Linux lists them in <c>/proc/self/fd</c>: a leaked descriptor shows there
    /// as a link to its file. Other tests open and close descriptors at the same time, so only a path of one test's own
    /// temporary folder tells anything.
    /// </summary>
    public static class OpenDescriptors
    {
        public static int To(string path) =>
            new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(descriptor => Target(descriptor) == path);

        private static string? Target(FileSystemInfo descriptor)
        {
            try
            {
                return descriptor.LinkTarget;
            }
            catch (IOException)
            {
                // Closed between the listing and the look.
                return null;
            }
        }
    }
}
