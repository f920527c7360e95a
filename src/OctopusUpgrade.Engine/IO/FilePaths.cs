using System;
using System.IO;
using System.Runtime.InteropServices;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>Path normalisation and comparison as the host file system sees names.</summary>
    internal static class FilePaths
    {
        /// <summary>Windows file names are case-insensitive; Linux ones are not.</summary>
        public static readonly StringComparison Comparison =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

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

            var full = Path.GetFullPath(path);
            var root = Path.GetPathRoot(full) ?? string.Empty;
            return full.Length > root.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }

        public static bool AreSame(string first, string second) => string.Equals(first, second, Comparison);

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
