using System.IO;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.IO
{
    /// <summary>Path rules as Linux sees names (case-sensitive, '/' separators), where the suite runs.</summary>
    public sealed class FilePathsTests
    {
        [Theory]
        [InlineData("/var/feed/", "/var/feed")]
        [InlineData("/var/feed//", "/var/feed")]
        [InlineData("/var/./feed/../feed", "/var/feed")]
        [InlineData("/", "/")]
        [InlineData("/var", "/var")]
        public void A_path_is_made_absolute_without_dots_or_trailing_separators(string path, string expected)
        {
            Assert.Equal(expected, FilePaths.Normalise(path, "source", "CopySourceNotAbsolute"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("relative/feed")]
        public void A_path_that_is_not_absolute_is_refused_under_the_callers_id(string path)
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => FilePaths.Normalise(path, "source", "CopySourceNotAbsolute"));

            Assert.Equal("CopySourceNotAbsolute", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.Equal($"The source folder '{path}' is not an absolute path; give the full path.", error.Message);
        }

        [Theory]
        [InlineData("/feed/a", "/feed", true)]
        [InlineData("/feed/a/b", "/feed", true)]
        [InlineData("/feed", "/feed", false)]
        [InlineData("/feedx/a", "/feed", false)]
        [InlineData("/Feed/a", "/feed", false)]
        [InlineData("/a", "/", true)]
        [InlineData("/", "/", false)]
        public void A_path_is_inside_a_folder_only_strictly_and_by_whole_names(string path, string folder, bool inside)
        {
            Assert.Equal(inside, FilePaths.IsInside(path, folder));
        }

        [Fact]
        public void Names_compare_case_sensitively_here()
        {
            Assert.True(FilePaths.AreSame("/feed/A", "/feed/A"));
            Assert.False(FilePaths.AreSame("/feed/A", "/feed/a"));
            Assert.Equal(0, FilePaths.Comparer.Compare("/feed/A", "/feed/A"));
            Assert.NotEqual(0, FilePaths.Comparer.Compare("/feed/A", "/feed/a"));
        }

        [Fact]
        public void Links_on_the_way_are_resolved_to_their_final_target_and_what_does_not_exist_is_kept()
        {
            using var folder = new TempFolder();
            var real = Directory.CreateDirectory(folder.Combine("real")).FullName;
            Directory.CreateDirectory(Path.Combine(real, "sub"));
            var link = folder.Combine("link");
            Directory.CreateSymbolicLink(link, real);
            var chain = folder.Combine("chain");
            Directory.CreateSymbolicLink(chain, link);

            Assert.Equal(Path.Combine(real, "sub"), FilePaths.Resolve(Path.Combine(chain, "sub")));
            Assert.Equal(Path.Combine(real, "sub", "new", "deeper"), FilePaths.Resolve(Path.Combine(link, "sub", "new", "deeper")));
            Assert.Equal(Path.Combine(real, "sub"), FilePaths.Resolve(Path.Combine(real, "sub")));
        }

        [Fact]
        public void A_link_to_a_file_is_resolved_to_the_file()
        {
            using var folder = new TempFolder();
            var real = folder.Combine("package.nupkg");
            File.WriteAllText(real, "zip");
            var link = folder.Combine("link.nupkg");
            File.CreateSymbolicLink(link, real);

            Assert.Equal(real, FilePaths.Resolve(link));
        }

        [Fact]
        public void A_link_loop_stays_as_written()
        {
            using var folder = new TempFolder();
            var first = folder.Combine("first");
            var second = folder.Combine("second");
            File.CreateSymbolicLink(first, second);
            File.CreateSymbolicLink(second, first);

            Assert.Equal(first, FilePaths.Resolve(first));
        }
    }
}
