using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>HTTPS to a loopback server with a self-signed certificate: rejected by default, accepted only when its thumbprint is pinned.</summary>
    public sealed class TrustedThumbprintTests : IClassFixture<SelfSignedServerFixture>
    {
        private readonly X509Certificate2 _certificate;
        private readonly Uri _url;

        public TrustedThumbprintTests(SelfSignedServerFixture server)
        {
            _certificate = server.Certificate;
            _url = server.Url;
        }

        [Fact]
        public async Task Self_signed_certificate_is_refused_without_a_thumbprint()
        {
            using var client = new OctopusApiClient(_url, new Secret("API-TLSTEST"), new OctopusApiClientOptions { RetryCount = 0 });

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.GetRootAsync());

            Assert.Equal(OctopusApiErrorIds.Unreachable, ex.ErrorId);
        }

        [Theory]
        [InlineData("sha1")]
        [InlineData("sha256")]
        [InlineData("sha256-colons-lowercase")]
        public async Task Pinned_thumbprint_is_trusted(string form)
        {
            var sha256 = Convert.ToHexString(SHA256.HashData(_certificate.RawData));
            var thumbprint = form switch
            {
                "sha1" => _certificate.Thumbprint,
                "sha256" => sha256,
                _ => string.Join(":", sha256.ToLowerInvariant().Chunk(2).Select(pair => new string(pair))),
            };
            using var client = new OctopusApiClient(_url, new Secret("API-TLSTEST"), new OctopusApiClientOptions { TrustedCertificateThumbprint = thumbprint });

            Assert.Equal("2019.7.12", (await client.GetRootAsync()).Version!.ToString());
        }

        [Fact]
        public async Task Another_thumbprint_is_not_trusted()
        {
            using var client = new OctopusApiClient(_url, new Secret("API-TLSTEST"), new OctopusApiClientOptions { TrustedCertificateThumbprint = new string('A', 40), RetryCount = 0 });

            var ex = await Assert.ThrowsAsync<OctopusApiException>(() => client.GetRootAsync());

            Assert.Equal(OctopusApiErrorIds.Unreachable, ex.ErrorId);
        }

        [Theory]
        [InlineData("not-hex")]
        [InlineData("ABCDEF")]
        public void Malformed_thumbprint_is_an_argument_error(string thumbprint)
        {
            var ex = Assert.Throws<OctopusUpgradeException>(() => new OctopusApiClient(_url, new Secret("API-TLSTEST"), new OctopusApiClientOptions { TrustedCertificateThumbprint = thumbprint }));

            Assert.Equal(FailureCategory.InvalidArgument, ex.Category);
        }
    }
}
