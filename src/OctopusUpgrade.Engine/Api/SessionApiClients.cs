using System;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Sessions;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>The API client for a session's server, space and key: one place that turns a session into a client.</summary>
    public static class SessionApiClients
    {
        public static OctopusApiClient For(UpgradeSession session, IOperationReporter reporter, TimeProvider timeProvider)
        {
            if (session is null)
            {
                throw new ArgumentNullException(nameof(session));
            }

            return new OctopusApiClient(session.Server, session.ApiKey, new OctopusApiClientOptions
            {
                Space = session.Space,
                Reporter = reporter,
                TimeProvider = timeProvider,
            });
        }

        /// <summary>The server's root document; the version it reports becomes a fact of the session (and its journal).</summary>
        public static async Task<OctopusRootDocument> ReadRootAsync(OctopusApiClient client, UpgradeSession session, CancellationToken cancellationToken)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            if (session is null)
            {
                throw new ArgumentNullException(nameof(session));
            }

            var root = await client.GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (root.Version is not null)
            {
                session.Learn(facts => facts with { ServerVersion = root.Version });
            }

            return root;
        }
    }
}
