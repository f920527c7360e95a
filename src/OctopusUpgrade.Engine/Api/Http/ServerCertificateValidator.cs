using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Api.Http
{
    /// <summary>
    /// Normal TLS validation, plus acceptance of exactly one pinned certificate (by SHA-1 or SHA-256 thumbprint) for
    /// servers with self-signed certificates. Never a blanket "accept all".
    /// </summary>
    internal sealed class ServerCertificateValidator
    {
        private readonly string _thumbprint;

        private ServerCertificateValidator(string thumbprint) => _thumbprint = thumbprint;

        /// <summary>Null when no thumbprint is configured (the platform's validation then applies unchanged).</summary>
        public static ServerCertificateValidator? Create(string? thumbprint)
        {
            if (string.IsNullOrWhiteSpace(thumbprint))
            {
                return null;
            }

            var normalised = thumbprint!.Replace(" ", string.Empty).Replace(":", string.Empty).ToUpperInvariant();
            var isHex = normalised.Length > 0 && Array.TrueForAll(normalised.ToCharArray(), c => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
            if (!isHex || (normalised.Length != 40 && normalised.Length != 64))
            {
                throw new OctopusUpgradeException(
                    OctopusApiErrorIds.InvalidThumbprint,
                    FailureCategory.InvalidArgument,
                    "The trusted certificate thumbprint must be a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint.",
                    thumbprint);
            }

            return new ServerCertificateValidator(normalised);
        }

        public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            return certificate is not null && string.Equals(Thumbprint(certificate, _thumbprint.Length), _thumbprint, StringComparison.Ordinal);
        }

        private static string Thumbprint(X509Certificate2 certificate, int hexLength)
        {
            if (hexLength == 40)
            {
                return certificate.Thumbprint.ToUpperInvariant();
            }

            using var sha256 = SHA256.Create();
            return BitConverter.ToString(sha256.ComputeHash(certificate.RawData)).Replace("-", string.Empty);
        }
    }
}
