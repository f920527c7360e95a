using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Engine.DatabaseUpgrade
{
    /// <summary>
    /// Reads <c>database --upgrade</c>'s pre-condition lines ("FAIL: …" after "One of the pre-conditions to safely upgrade
    /// your database has failed", facts §6) and pairs each failed check with what to do about it.
    /// </summary>
    internal static class DatabasePreconditions
    {
        public const string FailedMarker = "One of the pre-conditions";

        // What a failed check's text mentions, and the remedy; the first match wins, the last row matches anything.
        private static readonly (string Mentions, string Remedy)[] Remedies =
        {
            ("license", "Renew or extend the license, or reinstall the previous version (no data has been changed); -SkipLicenseCheck upgrades anyway."),
            ("SQL Server", "Upgrade SQL Server to a version the new Octopus Server supports (2016 or later from 2020.2), or reinstall the previous version."),
            ("node", "Stop every other node (Stop-OctopusServerNode on each), then run Update-OctopusDatabase again."),
            ("collation", "Change the columns back to the database's default collation, then run again."),
            (string.Empty, "Fix what the check names, or reinstall the previous version; no data has been changed."),
        };

        /// <summary>The failed checks, each with its remedy; empty when the output says no pre-condition failed.</summary>
        public static IReadOnlyList<(string Check, string Remedy)> Failed(IEnumerable<string> lines)
        {
            var all = lines.ToList();
            if (!all.Any(l => l.Contains(FailedMarker)))
            {
                return Array.Empty<(string, string)>();
            }

            return all
                .Select(l => l.Trim())
                .Where(l => l.StartsWith("FAIL:", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Substring("FAIL:".Length).Trim())
                .Select(check => (check, Remedies.First(r => check.IndexOf(r.Mentions, StringComparison.OrdinalIgnoreCase) >= 0).Remedy))
                .ToList();
        }
    }
}
