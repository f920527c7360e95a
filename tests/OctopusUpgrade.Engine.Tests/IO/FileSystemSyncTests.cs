using System;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class FileSystemSyncTests
    {
        [Theory]
        [InlineData(true, "5.8", true)]
        [InlineData(true, "6.18.44", true)]
        [InlineData(true, "5.7.19", false)]
        [InlineData(true, "4.19", false)]
        [InlineData(false, "6.18.44", false)]
        public void Only_a_Linux_kernel_whose_syncfs_reports_write_back_errors_syncs_the_file_system(bool isLinux, string kernel, bool syncs)
        {
            using var folder = new TempFolder();

            using var sync = FileSystemSync.TryOpen(folder.Path, isLinux, Version.Parse(kernel));

            Assert.Equal(syncs, sync is not null);
            sync?.Sync();
        }

        [Fact]
        public void A_folder_that_cannot_be_opened_has_no_file_system_sync()
        {
            using var folder = new TempFolder();

            Assert.Null(FileSystemSync.TryOpen(folder.Combine("missing"), isLinux: true, new Version(6, 1)));
        }

        [Fact]
        public void The_descriptor_is_held_until_the_sync_is_disposed()
        {
            using var folder = new TempFolder();

            var sync = FileSystemSync.TryOpen(folder.Path, isLinux: true, new Version(6, 1));
            Assert.Equal(1, OpenDescriptors.To(folder.Path));

            sync!.Dispose();
            Assert.Equal(0, OpenDescriptors.To(folder.Path));
        }
    }
}
