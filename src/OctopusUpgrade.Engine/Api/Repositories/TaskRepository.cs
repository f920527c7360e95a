using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Api.Http;
using OctopusUpgrade.Engine.Api.Navigation;

namespace OctopusUpgrade.Engine.Api.Repositories
{
    /// <summary>Server tasks: by id, the active ones, details with the activity tree, create and cancel.</summary>
    public sealed class TaskRepository
    {
        private static readonly string[] ActiveStates = { "Queued", "Executing", "Cancelling" };

        private readonly ApiNavigator _navigator;

        internal TaskRepository(ApiNavigator navigator)
        {
            _navigator = navigator;
        }

        /// <summary>
        /// Tasks not yet completed (queued, executing, cancelling). Filters on the server where its link allows
        /// (<c>states</c>, else <c>active</c>) and always again here, so older servers give the same answer.
        /// </summary>
        /// <param name="acrossAllSpaces">
        /// False: the client's space only. True: every space plus system tasks (the server-level link with
        /// <c>spaces</c> and <c>includeSystem</c>), which is what draining before an upgrade must wait for. Servers
        /// without spaces have one task list, so both give the same.
        /// </param>
        /// <param name="cancellationToken">Stops the enumeration.</param>
        public async IAsyncEnumerable<OctopusTask> GetActiveAsync(bool acrossAllSpaces = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var links = acrossAllSpaces ? root.Links : (await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false)).Links;
            var template = _navigator.RequireLink(links, "Tasks");
            var filter = new Dictionary<string, object>(StringComparer.Ordinal);
            if (LinkTemplate.Accepts(template, "states"))
            {
                filter["states"] = ActiveStates;
            }
            else if (LinkTemplate.Accepts(template, "active"))
            {
                filter["active"] = "true";
            }

            if (acrossAllSpaces && root.HasSpaces)
            {
                var spaceIds = new List<string>();
                await foreach (var space in _navigator.Collections.ReadAsync<OctopusSpace>(root.Links, "Spaces", null, cancellationToken).ConfigureAwait(false))
                {
                    spaceIds.Add(space.Id);
                }

                filter["spaces"] = spaceIds.ToArray();
                filter["includeSystem"] = "true";
            }

            await foreach (var task in _navigator.Collections.ReadAsync<OctopusTask>(links, "Tasks", filter, cancellationToken).ConfigureAwait(false))
            {
                if (!task.IsCompleted)
                {
                    yield return task;
                }
            }
        }

        /// <summary>
        /// Whether the server can list only its active tasks (a <c>Tasks</c> link taking <c>states</c> or <c>active</c>).
        /// A 2.x server's <c>{?nonStale,skip}</c> cannot: finding its active tasks would walk its whole history.
        /// </summary>
        public async Task<bool> CanListActiveAsync(CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            return root.Links.TryGetValue("Tasks", out var template) && (LinkTemplate.Accepts(template, "states") || LinkTemplate.Accepts(template, "active"));
        }

        /// <summary>A task by id; tasks are readable server-wide, so this uses the server-level link.</summary>
        public async Task<OctopusTask> GetAsync(string taskId, CancellationToken cancellationToken = default)
        {
            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var uri = _navigator.ById(root.Links, "Tasks", taskId);
            return await _navigator.Transport.SendAsync<OctopusTask>(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A task with its activity tree, through the task's own <c>Details</c> link.</summary>
        public async Task<OctopusTaskDetails> GetDetailsAsync(string taskId, CancellationToken cancellationToken = default)
        {
            var task = await GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            var template = _navigator.RequireLink(task.Links, "Details");
            var verbose = LinkTemplate.Accepts(template, "verbose")
                ? new Dictionary<string, object>(StringComparer.Ordinal) { ["verbose"] = "true" }
                : null;
            return await _navigator.Transport.SendAsync<OctopusTaskDetails>(HttpMethod.Get, _navigator.Expand(task.Links, "Details", verbose), null, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Why a task did not succeed. 2.6 leaves <c>ErrorMessage</c> empty on a failed task, so then the first error in
        /// its activity log is the reason.
        /// </summary>
        public async Task<string> GetFailureReasonAsync(OctopusTask task, CancellationToken cancellationToken = default)
        {
            if (task is null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            if (!string.IsNullOrWhiteSpace(task.ErrorMessage))
            {
                return task.ErrorMessage!;
            }

            var details = await GetDetailsAsync(task.Id, cancellationToken).ConfigureAwait(false);
            var error = details.ActivityLogs.SelectMany(Flatten).SelectMany(a => a.LogElements)
                .FirstOrDefault(l => l.Category is "Error" or "Fatal");
            return error?.MessageText ?? "the server gave no reason (see the task's log)";
        }

        /// <summary>
        /// Queues a task. Sent exactly once: a POST is never retried, since a lost answer does not mean the task was
        /// not queued, and two Tentacle upgrades or backups must not race.
        /// </summary>
        public async Task<OctopusTask> CreateAsync(OctopusTaskRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var root = await _navigator.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var scope = await _navigator.GetScopeAsync(cancellationToken).ConfigureAwait(false);
            var links = request.IsSystemTask ? root.Links : scope.Links;
            var body = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["Name"] = request.Name,
                ["Description"] = request.Description,
                ["Arguments"] = request.Arguments,
            };
            if (!request.IsSystemTask && scope.Space is not null)
            {
                body["SpaceId"] = scope.Space.Id;
            }

            return await _navigator.Transport.SendAsync<OctopusTask>(HttpMethod.Post, _navigator.Expand(links, "Tasks", null), body, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Asks the server to cancel a task (sent once, not retried).</summary>
        public async Task<OctopusTask> CancelAsync(string taskId, CancellationToken cancellationToken = default)
        {
            var task = await GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            return await _navigator.Transport.SendAsync<OctopusTask>(HttpMethod.Post, _navigator.Expand(task.Links, "Cancel", null), null, cancellationToken).ConfigureAwait(false);
        }

        private static IEnumerable<OctopusActivityElement> Flatten(OctopusActivityElement element) =>
            new[] { element }.Concat(element.Children.SelectMany(Flatten));
    }
}
