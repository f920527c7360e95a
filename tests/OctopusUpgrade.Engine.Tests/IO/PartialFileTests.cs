using System.IO;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    public sealed class PartialFileTests
    {
        [Fact]
        public void A_partial_name_is_the_final_name_with_the_marker_eight_random_digits_and_the_extension()
        {
            var first = PartialFile.For("/feed/pkg.1.0.0.nupkg");
            var second = PartialFile.For("/feed/pkg.1.0.0.nupkg");

            Assert.Matches(@"^/feed/pkg\.1\.0\.0\.nupkg\.octopusupgrade-[0-9a-f]{8}\.partial$", first);
            Assert.NotEqual(first, second);
            Assert.True(PartialFile.Is(first));
        }

        [Theory]
        [InlineData("/feed/a.nupkg.octopusupgrade-0123abcd.partial", true)]
        [InlineData("/feed/a.nupkg.octopusupgrade-0123abc.partial", false)]
        [InlineData("/feed/a.nupkg.octopusupgrade-0123abcde.partial", false)]
        [InlineData("/feed/a.nupkg.octopusupgrade-0123abcd.partia", false)]
        [InlineData("/feed/a.nupkg.partial", false)]
        [InlineData("/feed/a.nupkg", false)]
        [InlineData("/feed/a.nupkg.other-0123abcd.partial", false)]
        public void Only_a_name_this_module_made_is_taken_for_a_partial_file(string path, bool isPartial)
        {
            Assert.Equal(isPartial, PartialFile.Is(path));
        }

        [Fact]
        public void Removing_a_partial_file_deletes_it_and_one_that_cannot_be_deleted_is_left_quietly()
        {
            using var folder = new TempFolder();
            var partial = PartialFile.For(folder.Combine("a.nupkg"));
            File.WriteAllText(partial, "x");
            var busy = folder.Combine("busy");
            Directory.CreateDirectory(busy);
            File.WriteAllText(Path.Combine(busy, "inside"), "x");

            PartialFile.Remove(partial);
            PartialFile.Remove(busy);

            Assert.False(File.Exists(partial));
            Assert.True(Directory.Exists(busy));
        }
    }
}
