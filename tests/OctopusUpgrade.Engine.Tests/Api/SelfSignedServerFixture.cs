using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>A loopback HTTPS server with a fresh self-signed certificate, serving a recorded <c>/api</c> root.</summary>
    public sealed class SelfSignedServerFixture : IAsyncLifetime
    {
        private WebApplication? _server;

        public X509Certificate2 Certificate { get; } = CreateSelfSigned();

        public Uri Url { get; private set; } = new("https://127.0.0.1/");

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate)));
            _server = builder.Build();
            _server.MapGet("/api", () => Results.Text(FixtureFolder.Read("api-root/api-root_2019.7.12_octopusclients.json"), "application/json"));
            await _server.StartAsync();
            var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Url = new Uri(address.TrimEnd('/') + "/");
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            Certificate.Dispose();
        }

        private static X509Certificate2 CreateSelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=octopus.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            // Kestrel needs the private key in a form it can use on every platform: round-trip through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        }
    }
}
