using System;
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
    }
}
