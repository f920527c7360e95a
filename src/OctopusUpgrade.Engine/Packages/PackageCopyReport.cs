using System;
using System.Collections.Generic;
using System.Globalization;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>How a package copy is written to the session's journal: its figures, its failures, what it changed.</summary>
    public static class PackageCopyReport
    {
        public static StepReport For(PackageCopyResult result)
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

            return new StepReport
            {
                Details = details,
                Changes = result.Copied == 0
                    ? Array.Empty<string>()
                    : new[] { $"Copied {result.Copied} package files ({result.BytesCopied} bytes) to '{result.DestinationPath}'" },
                FailedItems = result.Failed,
            };
        }

        private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
