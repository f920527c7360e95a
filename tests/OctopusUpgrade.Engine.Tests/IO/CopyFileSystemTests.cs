using System.IO;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class CopyFileSystemTests
    {
        [Fact]
        public void Free_space_is_read_from_the_nearest_folder_that_exists_and_is_unknown_where_none_does()
        {
            using var folder = new TempFolder();

            var underMissing = CopyFileSystem.Instance.GetAvailableFreeSpace(folder.Combine("missing", "deeper"));
            var nowhere = CopyFileSystem.Instance.GetAvailableFreeSpace(Path.Combine("no-such-folder-" + Path.GetRandomFileName(), "deeper"));

            Assert.True(underMissing > 0, $"free space under a missing folder read as {underMissing}");
            Assert.Null(nowhere);
        }
    }
}
