using System;
using System.IO;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// The temporary name a file is written under until it is verified. The random part keeps two attempts apart;
    /// the fixed marker lets a later run recognise what an interrupted one left behind, and nothing else.
    /// </summary>
    internal static class PartialFile
    {
        private const string Marker = ".octopusupgrade-";
        private const string Extension = ".partial";
        private const int RandomLength = 8;

        // A GUID's text starts with eight hex digits.
        public static string For(string finalPath) =>
            finalPath + Marker + Guid.NewGuid().ToString().Substring(0, RandomLength) + Extension;

        /// <summary>Deletes a partial file, quietly: a partial name is never mistaken for a finished file, and the next run removes it.</summary>
        public static void Remove(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next run, which recognises it by its marker.
            }
        }

        public static bool Is(string path) =>
            path.EndsWith(Extension, StringComparison.Ordinal)
            && path.LastIndexOf(Marker, StringComparison.Ordinal) == path.Length - Extension.Length - RandomLength - Marker.Length;
    }
}
