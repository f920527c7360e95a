using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tests.Versions
{
    public sealed class OctopusVersionTests
    {
        [Theory]
        [InlineData("2.6.5", 2, 6, 5, 0, "")]
        [InlineData("3.12.1", 3, 12, 1, 0, "")]
        [InlineData("2019.7.12", 2019, 7, 12, 0, "")]
        [InlineData("2024.3.12345", 2024, 3, 12345, 0, "")]
        [InlineData("2.0.9.0", 2, 0, 9, 0, "")]
        [InlineData("3.3.0-beta0002", 3, 3, 0, 0, "beta0002")]
        [InlineData("4.0.1", 4, 0, 1, 0, "")]
        [InlineData("2020.5.0-rc.4", 2020, 5, 0, 0, "rc.4")]
        [InlineData("2018.10.0+build.7", 2018, 10, 0, 0, "")]
        public void Parses_the_version_forms_of_every_era(string text, int major, int minor, int patch, int revision, string preRelease)
        {
            var version = OctopusVersion.Parse(text);

            Assert.Equal((major, minor, patch, revision, preRelease), (version.Major, version.Minor, version.Patch, version.Revision, version.PreRelease));
            Assert.Equal(text, version.ToString());
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData(null)]
        [InlineData("string")]
        [InlineData("3.x")]
        [InlineData("1.2.3.4.5")]
        [InlineData("1..2")]
        [InlineData("3.3.0-")]
        [InlineData("-1.0")]
        [InlineData("99999999999.0")]
        public void Rejects_what_is_not_a_version(string? text) => Assert.False(OctopusVersion.TryParse(text, out _));

        [Theory]
        [InlineData("2.6.5", "3.12.1", -1)]
        [InlineData("3.12.1", "3.2.0", 1)]
        [InlineData("3.17.14", "2018.10.0", -1)]
        [InlineData("2019.7.12", "2019.12.0", -1)]
        [InlineData("2024.3.12345", "2024.3.9999", 1)]
        [InlineData("2.0.9", "2.0.9.0", 0)]
        [InlineData("3.3.0-beta0002", "3.3.0", -1)]
        [InlineData("3.3.0-beta0002", "3.3.0-beta0010", -1)]
        [InlineData("3.3.0-beta0002", "3.2.9", 1)]
        [InlineData("2020.5.0-rc.4", "2020.5.0-rc.10", -1)]
        [InlineData("2020.5.0-rc.4", "2020.5.0-rc", 1)]
        [InlineData("2018.10.0+a", "2018.10.0+b", 0)]
        public void Compares_numerically(string left, string right, int expected)
        {
            var a = OctopusVersion.Parse(left);
            var b = OctopusVersion.Parse(right);

            Assert.Equal(expected, System.Math.Sign(a.CompareTo(b)));
            Assert.Equal(-expected, System.Math.Sign(b.CompareTo(a)));
            Assert.Equal(expected == 0, a == b);
            Assert.Equal(expected < 0, a < b);
            Assert.Equal(expected > 0, a > b);
            if (expected == 0)
            {
                Assert.Equal(a.GetHashCode(), b.GetHashCode());
            }
        }
    }
}
