using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>
    /// Projects (the root's <c>Projects</c> link, which 2.x has too), their deployment processes and releases: read
    /// through each project's own links; creating a release uses <c>Releases</c> (on 2.x the <see cref="LegacyRoutes"/> route).
    /// </summary>
    public sealed class ProjectRepository
    {
        private readonly ApiNavigator _navigator;

        internal ProjectRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        public IAsyncEnumerable<OctopusProject> GetAllAsync(CancellationToken cancellationToken = default) =>
            _navigator.ReadScopedAsync<OctopusProject>("Projects", cancellationToken);

        public async Task<OctopusProject?> FindByNameAsync(string name, CancellationToken cancellationToken = default)
        {
            var links = (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            return await _navigator.Collections.FirstAsync<OctopusProject>(links, "Projects", p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Creates a project in the space's first project group (sent once).</summary>
        public async Task<OctopusProject> CreateAsync(string name, string description, string lifecycleId, CancellationToken cancellationToken = default)
        {
            var group = await _navigator.WithLinkAsync(
                "ProjectGroups",
                links => _navigator.Collections.FirstAsync<Wire.LinkedDocument>(links, "ProjectGroups", _ => true, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            var body = new JObject { ["Name"] = name, ["Description"] = description, ["LifecycleId"] = lifecycleId, ["ProjectGroupId"] = group?.Id };
            var links = (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            return await _navigator.Transport.SendAsync<OctopusProject>(HttpMethod.Post, _navigator.Expand(links, "Projects", null), body, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Points the project at another lifecycle, keeping everything else it holds.</summary>
        public async Task<OctopusProject> SetLifecycleAsync(OctopusProject project, string lifecycleId, CancellationToken cancellationToken = default)
        {
            var self = Link(project, "Self");
            var document = await _navigator.Transport.SendAsync<JObject>(HttpMethod.Get, self, null, cancellationToken).ConfigureAwait(false);
            document["LifecycleId"] = lifecycleId;
            return await _navigator.Transport.SendAsync<OctopusProject>(HttpMethod.Put, self, document, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The project's deployment process, through its <c>DeploymentProcess</c> link.</summary>
        public async Task<OctopusDeploymentProcess> GetProcessAsync(OctopusProject project, CancellationToken cancellationToken = default)
        {
            var document = await _navigator.Transport.SendAsync<JObject>(HttpMethod.Get, Link(project, "DeploymentProcess"), null, cancellationToken).ConfigureAwait(false);
            var steps = (document["Steps"] as JArray ?? new JArray()).OfType<JObject>().Select(step =>
            {
                var action = (step["Actions"] as JArray)?.OfType<JObject>().FirstOrDefault();
                var properties = (action?["Properties"] as JObject ?? new JObject()).Properties()
                    .ToDictionary(p => p.Name, p => p.Value.Type == JTokenType.String ? (string?)p.Value ?? string.Empty : p.Value.ToString(), StringComparer.Ordinal);
                var roles = ((string?)step["Properties"]?["Octopus.Action.TargetRoles"] ?? string.Empty)
                    .Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim()).ToArray();
                return new OctopusProcessStep((string?)step["Name"] ?? string.Empty, (string?)action?["ActionType"] ?? string.Empty, roles, properties);
            }).ToList();
            return new OctopusDeploymentProcess(document, steps);
        }

        /// <summary>
        /// Replaces the process's steps (one action each) and saves it with the version it was read at, so a change made
        /// meanwhile is refused by the server rather than overwritten.
        /// </summary>
        public async Task SaveProcessAsync(OctopusDeploymentProcess process, IReadOnlyList<OctopusProcessStep> steps, CancellationToken cancellationToken = default)
        {
            if (process is null)
            {
                throw new ArgumentNullException(nameof(process));
            }

            var document = (JObject)process.Document.DeepClone();
            document["Steps"] = new JArray(steps.Select(step => new JObject
            {
                ["Name"] = step.Name,
                ["Properties"] = new JObject { ["Octopus.Action.TargetRoles"] = string.Join(",", step.Roles) },
                ["Condition"] = "Success",
                ["StartTrigger"] = "StartAfterPrevious",
                ["RequiresPackagesToBeAcquired"] = false,
                ["Actions"] = new JArray(new JObject
                {
                    ["Name"] = step.Name,
                    ["ActionType"] = step.ActionType,
                    ["Properties"] = JObject.FromObject(step.Properties),
                }),
            }));
            var self = document["Links"]?["Self"]?.ToString() ?? throw new InvalidOperationException("The deployment process has no Self link.");
            await _navigator.Transport.SendAsync<JObject>(HttpMethod.Put, _navigator.Resolve(self), document, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The project's releases, through its <c>Releases</c> link, a page at a time.</summary>
        public async IAsyncEnumerable<OctopusRelease> GetReleasesAsync(OctopusProject project, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (project is null)
            {
                throw new ArgumentNullException(nameof(project));
            }

            await foreach (var release in _navigator.Collections.ReadAsync<OctopusRelease>(project.Links, "Releases", null, cancellationToken).ConfigureAwait(false))
            {
                yield return release;
            }
        }

        /// <summary>Creates a release of the project with a package version chosen for each named step (sent once).</summary>
        public Task<OctopusRelease> CreateReleaseAsync(OctopusProject project, string version, string notes, IReadOnlyDictionary<string, string> packageVersionByStep, CancellationToken cancellationToken = default)
        {
            if (project is null)
            {
                throw new ArgumentNullException(nameof(project));
            }

            var body = new JObject
            {
                ["ProjectId"] = project.Id,
                ["Version"] = version,
                ["ReleaseNotes"] = notes,
                ["SelectedPackages"] = new JArray(packageVersionByStep.Select(p => new JObject { ["StepName"] = p.Key, ["Version"] = p.Value })),
            };
            return _navigator.WithLinkAsync(
                "Releases",
                links => _navigator.Transport.SendAsync<OctopusRelease>(HttpMethod.Post, _navigator.Expand(links, "Releases", null), body, cancellationToken),
                cancellationToken);
        }

        private Uri Link(OctopusProject project, string linkName) =>
            _navigator.Resolve(_navigator.RequireLink((project ?? throw new ArgumentNullException(nameof(project))).Links, linkName));
    }
}
