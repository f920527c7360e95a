using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sql;

namespace OctopusUpgrade.Engine.Sessions
{
    /// <summary>What a user asked for when creating a session, before any of it is checked.</summary>
    public sealed record SessionRequest
    {
        /// <summary>The Octopus Server's address as typed.</summary>
        public string? Server { get; init; }

        public Secret? ApiKey { get; init; }

        /// <summary>Space name or id; null means the server's default space.</summary>
        public string? Space { get; init; }

        public string? SqlConnectionString { get; init; }

        public SqlLogin? SqlLogin { get; init; }

        public string InstanceName { get; init; } = UpgradeSession.DefaultInstanceName;

        public string? InstallPath { get; init; }

        public string? HomePath { get; init; }

        public string? JournalPath { get; init; }

        public string? TargetVersion { get; init; }

        /// <summary>Allows plain http to a host that is not this machine (the API key then crosses the network in clear).</summary>
        public bool AllowInsecureHttp { get; init; }
    }
}
