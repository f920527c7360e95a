using System;
using Newtonsoft.Json;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Tests.Security
{
    public sealed class SecretTests
    {
        [Theory]
        [InlineData(null)]
        [InlineData("")]
        public void An_empty_secret_is_refused(string? value)
        {
            var error = Assert.Throws<ArgumentException>(() => new Secret(value!));

            Assert.Equal("value", error.ParamName);
            Assert.StartsWith("A secret cannot be empty.", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("s3cret", "s3cret", true)]
        [InlineData("s3cret", "S3CRET", false)]
        [InlineData("s3cret", "s3cret ", false)]
        public void Secrets_are_equal_exactly_when_their_values_are_equal_ordinally(string left, string right, bool equal)
        {
            var a = new Secret(left);
            var b = new Secret(right);

            Assert.Equal(equal, a.Equals(b));
            Assert.Equal(equal, a.Equals((object)b));
            Assert.Equal(equal, a.GetHashCode() == b.GetHashCode());
        }

        [Fact]
        public void A_secret_equals_no_null_and_no_other_type()
        {
            var secret = new Secret("s3cret");

            Assert.False(secret.Equals(null));
            Assert.False(secret.Equals((object?)null));
            Assert.False(secret.Equals((object)"s3cret"));
        }

        [Fact]
        public void A_secret_renders_and_serializes_as_its_mask_only()
        {
            var secret = new Secret("s3cret");

            Assert.Equal("********", secret.ToString());
            Assert.Equal("{\"Key\":\"********\"}", JsonConvert.SerializeObject(new { Key = secret }));
        }

        [Fact]
        public void A_secret_is_never_read_from_json()
        {
            var error = Assert.Throws<JsonSerializationException>(() => JsonConvert.DeserializeObject<Secret>("\"s3cret\""));

            Assert.Equal("Secrets are never read from JSON.", error.Message);
        }
    }
}
