using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// The progress activities a sink has been shown and not yet told are finished. When work ends (returned,
    /// failed or timed out), each left open is completed, children before their parents, so no bar stays on
    /// screen at the percentage it last reached.
    /// </summary>
    internal sealed class OpenActivities
    {
        private readonly Dictionary<int, OperationProgress> _open = new();

        public void Observe(OperationProgress progress)
        {
            if (progress.Completed)
            {
                _open.Remove(progress.ActivityId);
            }
            else
            {
                _open[progress.ActivityId] = progress;
            }
        }

        /// <summary>A completed record for every open activity, deepest first.</summary>
        public IReadOnlyList<OperationProgress> CompleteAll()
        {
            var closing = _open.Values.OrderByDescending(Depth).Select(p => p with { Completed = true }).ToList();
            _open.Clear();
            return closing;
        }

        private int Depth(OperationProgress progress)
        {
            var depth = 0;
            var seen = new HashSet<int> { progress.ActivityId };
            while (_open.TryGetValue(progress.ParentActivityId, out var parent) && seen.Add(parent.ActivityId))
            {
                depth++;
                progress = parent;
            }

            return depth;
        }
    }
}
