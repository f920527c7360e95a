using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Sessions;

namespace OctopusUpgrade.Engine.Errors
{
    /// <summary>
    /// Ids that were documented under another name before the one-catalog convention. Scripts written against the
    /// old name can still recognise the error (the cmdlets' exception answers to both).
    /// </summary>
    public static class ErrorIdAliases
    {
        private static readonly Dictionary<string, string> ByCurrentId = new(StringComparer.Ordinal)
        {
            [SessionErrorIds.NotFound] = "NoUpgradeSession",
        };

        /// <summary>Every renamed id: current id, then the id it had before.</summary>
        public static IReadOnlyDictionary<string, string> All => ByCurrentId;

        /// <summary>The id <paramref name="errorId"/> had before it was renamed, or null.</summary>
        public static string? Of(string errorId) => ByCurrentId.TryGetValue(errorId, out var previous) ? previous : null;
    }
}
