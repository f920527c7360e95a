using System;
using System.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Tentacles;

namespace OctopusUpgrade.Engine.Tests.Tentacles
{
    /// <summary>Hydra's ServerMapping is checked before anything runs: a wrong one strands polling Tentacles.</summary>
    public sealed class HydraServerMappingTests
    {
        [Theory]
        [InlineData(null, "", 0, null)]
        [InlineData("  ", "", 0, null)]
        [InlineData("https://new:10943", "https://new:10943", 0, "https://new:10943/")]
        [InlineData("https://old:10943/=>https://new:10943/", "https://old:10943/=>https://new:10943/", 1, null)]
        [InlineData("https://a:10943/ => https://n:10943/; https://b:10943/=>https://n:10943/", "https://a:10943/=>https://n:10943/;https://b:10943/=>https://n:10943/", 2, null)]
        [InlineData("https://a:10943/=>https://n:10943/,https://b:10943/=>https://n:10943/", "https://a:10943/=>https://n:10943/,https://b:10943/=>https://n:10943/", 2, null)]
        public void A_usable_mapping_is_read_as_Hydra_is_given_it(string? text, string compact, int pairs, string? newAddress)
        {
            var mapping = HydraServerMapping.Parse(text);

            Assert.Equal(compact, mapping.Text);
            Assert.Equal(pairs, mapping.Pairs.Count);
            Assert.Equal(newAddress, mapping.NewAddress?.AbsoluteUri);
            Assert.Equal(compact.Length == 0, mapping.IsEmpty);
        }

        [Theory]
        [InlineData("newserver:10943", "absolute URL")]
        [InlineData("ftp://new:10943/", "absolute URL")]
        [InlineData("https://old:10943=>https://new:10943/", "must end with '/'")]
        [InlineData("https://old:10943/=>https://new:10943", "must end with '/'")]
        [InlineData("https://old:10943/=>https://new:10943/=>https://x:1/", "one old=>new pair")]
        [InlineData("https://old:10943/=>https://a:10943/;https://old:10943/=>https://b:10943/", "more than once")]
        public void A_mapping_that_would_strand_Tentacles_is_refused_with_why(string text, string why)
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => HydraServerMapping.Parse(text));

            Assert.Equal((TentacleErrorIds.ServerMappingInvalid, FailureCategory.InvalidArgument), (error.ErrorId, error.Category));
            Assert.Contains(why, error.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was changed", error.Message, StringComparison.Ordinal);
        }
    }
}
