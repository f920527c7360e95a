using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// The names of a server's environments, deployment targets and projects: what a 2.6 backup set records of the
    /// server it was taken from, so that a migration can check, through the new server's API, that each one arrived.
    /// </summary>
    public sealed record EstateInventory
    {
        public IReadOnlyList<string> Environments { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Machines { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> Projects { get; init; } = Array.Empty<string>();

        /// <summary>Reads the inventory of the client's space, names sorted.</summary>
        public static async Task<EstateInventory> ReadAsync(OctopusApiClient client, CancellationToken cancellationToken)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            var environments = new List<string>();
            await foreach (var environment in client.Environments.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                environments.Add(environment.Name);
            }

            var machines = new List<string>();
            await foreach (var machine in client.Machines.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                machines.Add(machine.Name);
            }

            var projects = new List<string>();
            await foreach (var project in client.Projects.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                projects.Add(project.Name);
            }

            return new EstateInventory { Environments = Sorted(environments), Machines = Sorted(machines), Projects = Sorted(projects) };
        }

        /// <summary>What this inventory names that <paramref name="other"/> does not, per kind ("Machine 'web01'"), names compared as Octopus does (ignoring case).</summary>
        public IReadOnlyList<string> Missing(EstateInventory other)
        {
            if (other is null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            return Lacking("Environment", Environments, other.Environments)
                .Concat(Lacking("Machine", Machines, other.Machines))
                .Concat(Lacking("Project", Projects, other.Projects))
                .ToList();
        }

        public override string ToString() => $"{Environments.Count} environment(s), {Machines.Count} machine(s), {Projects.Count} project(s)";

        private static IEnumerable<string> Lacking(string kind, IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
            expected.Except(actual, StringComparer.OrdinalIgnoreCase).Select(name => $"{kind} '{name}'");

        private static IReadOnlyList<string> Sorted(List<string> names) => names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
