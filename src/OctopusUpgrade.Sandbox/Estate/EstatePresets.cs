using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Ready-made estates for the versions the module upgrades from and to.</summary>
    public static class EstatePresets
    {
        /// <summary>Octopus 2.6.5, the last 2.x (RavenDB) release, in the four-part form 2.x servers report.</summary>
        public const string Legacy26 = "2.6.5.1010";

        /// <summary>A late 3.x release.</summary>
        public const string V3 = "3.12.1";

        /// <summary>The 2018.10 LTS, the documented stop on the way from 2.6.</summary>
        public const string Lts2018 = "2018.10.0";

        /// <summary>A 2019 release with spaces.</summary>
        public const string V2019 = "2019.7.12";

        /// <summary>A current release.</summary>
        public const string Current = "2024.3.12741";

        /// <summary>The preset estate for <paramref name="serverVersion"/>; see <see cref="EstateDescription.ForVersion"/>.</summary>
        public static EstateDescription ForVersion(string serverVersion)
        {
            var server = ServerVersion.Parse(serverVersion);
            var assumptions = new SandboxAssumptions();
            // The preset Tentacles run the era's bundled version, so nothing is out of date until a test says so.
            var tentacle = BundledTentacle.For(server, assumptions);
            var description = new EstateDescription
            {
                ServerVersion = serverVersion,
                Environments = ["Development", "Test", "Production"],
                Nodes = [new NodeDescription { Name = "OCTOPUS01" }],
                Assumptions = assumptions,
                Sql = SqlServerDescription.ForOctopusVersion(serverVersion),
                Packages =
                [
                    new PackageDescription { Id = "Acme.Web", Version = "1.0.0" },
                    new PackageDescription { Id = "Acme.Web", Version = "1.1.0" },
                    new PackageDescription { Id = "Acme.Database", Version = "2.3.1" },
                ],
            };
            if (server.HasSpaces)
            {
                description.Spaces = ["Default"];
            }

            var hasWorkers = server.AtLeast(ServerVersion.Parse(assumptions.WorkersSince));
            description.Machines = new List<MachineDescription>
            {
                Target("web01", "Development", "web-server", tentacle),
                Target("web02", "Test", "web-server", tentacle),
                Target("web03", "Production", "web-server", tentacle),
                Target("db01", "Production", "db-server", tentacle, polling: true),
                hasWorkers
                    ? new MachineDescription { Name = "worker01", IsWorker = true, TentacleVersion = tentacle }
                    : Target("app01", "Production", "app-server", tentacle),
            };
            return description;
        }

        private static MachineDescription Target(string name, string environment, string role, string tentacle, bool polling = false) => new()
        {
            Name = name,
            Environments = [environment],
            Roles = [role],
            TentacleVersion = tentacle,
            CommunicationStyle = polling ? "TentacleActive" : "TentaclePassive",
        };
    }
}
