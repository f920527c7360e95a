using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OctopusUpgrade.Engine.Journal;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>How a package copy is written to the session's journal: its figures, its failures, what it changed.</summary>
    public static class PackageCopyJournal
    {
        public const string StepName = "Copy-NuGetPackages";

        public static JournalRecord ToRecord(PackageCopyResult result, DateTimeOffset ended)
        {
            if (result is null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            var details = new Dictionary<string, string>
            {
                ["Source"] = result.SourcePath,
                ["Destination"] = result.DestinationPath,
                ["Copied"] = Invariant(result.Copied),
                ["Skipped"] = Invariant(result.Skipped),
                ["Failed"] = Invariant(result.Failed),
                ["BytesCopied"] = Invariant(result.BytesCopied),
                ["PackageCount"] = Invariant(result.PackageCount),
                ["DurationSeconds"] = result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                ["BytesPerSecond"] = result.BytesPerSecond.ToString("F0", CultureInfo.InvariantCulture),
            };
            foreach (var failure in result.Failures)
            {
                details["Failed: " + failure.RelativePath] = failure.ErrorId + ": " + failure.Message;
            }

            return new JournalRecord
            {
                Step = StepName,
                Started = ended - result.Duration,
                Ended = ended,
                Outcome = result.Failed == 0 ? StepOutcome.Succeeded : StepOutcome.Failed,
                Details = details,
                Changes = result.Copied == 0
                    ? Array.Empty<string>()
                    : new[] { $"Copied {result.Copied} package files ({result.BytesCopied} bytes) to '{result.DestinationPath}'" },
            };
        }

        private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
