using System;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>How an <see cref="OctopusApiClient"/> connects. Every property has a working default.</summary>
    public sealed class OctopusApiClientOptions
    {
        /// <summary>
        /// The space to work in, by name or id (<c>Default</c>, <c>Spaces-2</c>). Null means the server's default
        /// space on 2019.1+; servers before 2019.1 have no spaces and must leave this null.
        /// </summary>
        public string? Space { get; init; }

        /// <summary>
        /// For a server with a self-signed certificate: its SHA-1 (40 hex) or SHA-256 (64 hex) thumbprint. A certificate
        /// that passes normal validation is always accepted; this only adds one trusted certificate, never turns checks off.
        /// </summary>
        public string? TrustedCertificateThumbprint { get; init; }

        /// <summary>How long one attempt of one request may take before it counts as timed out (and, if idempotent, is retried).</summary>
        public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

        /// <summary>Extra attempts for idempotent calls (GET, PUT) after a transient failure. 0 turns retries off.</summary>
        public int RetryCount { get; init; } = 3;

        /// <summary>The first retry's delay; later ones back off exponentially with jitter.</summary>
        public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

        /// <summary>Items asked for per page (<c>take</c>) where the server's link accepts it.</summary>
        public int PageSize { get; init; } = 100;

        /// <summary>The clock for timeouts, retry delays and the task waiter; tests pass a fake one.</summary>
        public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

        /// <summary>Receives one verbose line per request (method and URL, never the key) and per retry.</summary>
        public IOperationReporter Reporter { get; init; } = NullOperationReporter.Instance;
    }
}
