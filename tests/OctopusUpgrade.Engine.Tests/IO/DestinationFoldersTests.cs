using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Packages;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class DestinationFoldersTests : IDisposable
    {
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        [Fact]
        public void Creating_a_folder_marks_each_parent_that_gained_an_entry_and_syncs_them_deepest_first_once()
        {
            var folders = new DestinationFolders(StringComparer.Ordinal);
            var deep = _folder.Combine("a", "b", "c");
            var fileSystem = new FaultyFileSystem();

            folders.Create(deep);
            folders.Changed(deep);
            folders.Changed(deep);
            folders.SyncAll(fileSystem);
            folders.SyncAll(fileSystem);

            Assert.True(Directory.Exists(deep));
            Assert.Equal(
                new[] { deep, _folder.Combine("a", "b"), _folder.Combine("a"), _folder.Path }.Select(f => "sync " + f),
                fileSystem.DurabilityEvents);
        }

        [Fact]
        public void A_folder_is_created_once_per_run_even_if_it_is_removed_meanwhile()
        {
            var folders = new DestinationFolders(StringComparer.Ordinal);
            var folder = _folder.Combine("pkg");
            folders.Create(folder);
            Directory.Delete(folder);

            folders.Create(folder);

            Assert.False(Directory.Exists(folder));
        }

        [Fact]
        public void A_folder_that_exists_marks_no_parent()
        {
            var folders = new DestinationFolders(StringComparer.Ordinal);
            var fileSystem = new FaultyFileSystem();

            folders.Create(_folder.Path);
            folders.SyncAll(fileSystem);

            Assert.Empty(fileSystem.DurabilityEvents);
        }
    }
}
