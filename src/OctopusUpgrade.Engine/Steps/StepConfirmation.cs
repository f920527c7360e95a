using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>Which of a plan's actions the user confirmed; a step runs only those.</summary>
    public sealed class StepConfirmation
    {
        private readonly HashSet<string> _keys;

        public StepConfirmation(IEnumerable<string> confirmedKeys)
        {
            _keys = new HashSet<string>(confirmedKeys ?? throw new ArgumentNullException(nameof(confirmedKeys)), StringComparer.Ordinal);
        }

        /// <summary>Every action of <paramref name="actions"/> confirmed, as a caller without prompts (a whole-upgrade plan, a test) runs them.</summary>
        public static StepConfirmation All(IEnumerable<StepAction> actions) => new(actions.Select(a => a.Key));

        public bool Includes(string key) => _keys.Contains(key);
    }
}
