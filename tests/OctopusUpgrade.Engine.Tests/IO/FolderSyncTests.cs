using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class FolderSyncTests
    {
        [Fact]
        public void A_folder_is_synced_and_its_descriptor_closed()
        {
            using var folder = new TempFolder();

            Assert.True(FolderSync.Flush(folder.Path));
            Assert.Equal(0, OpenDescriptors.To(folder.Path));
        }

        [Fact]
        public void A_folder_that_cannot_be_opened_is_not_synced()
        {
            using var folder = new TempFolder();

            Assert.False(FolderSync.Flush(folder.Combine("missing")));
        }
    }
}
