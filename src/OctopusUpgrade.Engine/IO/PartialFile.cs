using System;

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

        public static string For(string finalPath) =>
            finalPath + Marker + Guid.NewGuid().ToString("N").Substring(0, RandomLength) + Extension;

        public static bool Is(string path) =>
            path.EndsWith(Extension, StringComparison.Ordinal)
            && path.LastIndexOf(Marker, StringComparison.Ordinal) == path.Length - Extension.Length - RandomLength - Marker.Length;
    }
}
