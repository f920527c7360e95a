using System;
using System.Collections.Generic;
using System.IO;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// Reads a Windows Installer package's product properties without Windows Installer (managed code, any platform),
    /// before anything is stopped: the compound file, its string pool and its Property table, whose two string columns
    /// (Property, Value) are stored column after column. Nothing in the file is trusted: a damaged or foreign file is
    /// <c>InstallMsiUnreadable</c> with the reason, and the file is only read.
    /// </summary>
    public static class MsiPackage
    {
        private const string PropertyTable = "Property";
        private const string StringPool = "_StringPool";
        private const string StringData = "_StringData";

        /// <exception cref="OctopusUpgradeException"><c>InstallMsiNotFound</c> or <c>InstallMsiUnreadable</c>.</exception>
        public static MsiProductProperties Read(string msiPath)
        {
            if (!File.Exists(msiPath))
            {
                throw new OctopusUpgradeException(
                    InstallErrorIds.MsiNotFound,
                    FailureCategory.ObjectNotFound,
                    $"The MSI '{msiPath}' does not exist. Download the Octopus Server MSI and pass its path to -MsiPath; nothing was stopped.",
                    msiPath);
            }

            IReadOnlyDictionary<string, string?> properties;
            try
            {
                using var file = new FileStream(msiPath, FileMode.Open, FileAccess.Read, FileShare.Read);
                properties = ReadPropertyTable(CompoundFile.Open(file));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw Unreadable(msiPath, e.Message);
            }

            var text = properties.TryGetValue("ProductVersion", out var value) ? value : null;
            if (!OctopusVersion.TryParse(text, out var version) || version is null)
            {
                throw Unreadable(msiPath, text is null ? "its Property table has no ProductVersion" : $"its ProductVersion '{text}' is not a version");
            }

            return new MsiProductProperties(version, Get(properties, "ProductCode"), Get(properties, "UpgradeCode"), Get(properties, "ProductName"), Get(properties, "Manufacturer"));
        }

        /// <summary>The Property table as name to value.</summary>
        /// <exception cref="InvalidDataException">A stream is missing or damaged.</exception>
        internal static IReadOnlyDictionary<string, string?> ReadPropertyTable(CompoundFile package)
        {
            var pool = MsiStringPool.Load(Required(package, StringPool), Required(package, StringData));
            var table = Required(package, PropertyTable);
            var width = pool.ReferenceSize;
            if (table.Length % (2 * width) != 0)
            {
                throw new InvalidDataException($"The Property table is {table.Length} bytes, not whole rows of two {width}-byte string references.");
            }

            var rows = table.Length / (2 * width);
            var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var row = 0; row < rows; row++)
            {
                if (pool.Get(Reference(table, row * width, width)) is { } name)
                {
                    properties[name] = pool.Get(Reference(table, (rows + row) * width, width));
                }
            }

            return properties;
        }

        internal static byte[] Required(CompoundFile package, string table) =>
            package.ReadStream(MsiStreamName.Table(table), MsiStreamName.Decode, table)
            ?? throw new InvalidDataException($"It has no {table} stream, so it is not a Windows Installer package.");

        private static int Reference(byte[] table, int offset, int width) =>
            width == 3 ? table[offset] | (table[offset + 1] << 8) | (table[offset + 2] << 16) : table[offset] | (table[offset + 1] << 8);

        private static string? Get(IReadOnlyDictionary<string, string?> properties, string name) =>
            properties.TryGetValue(name, out var value) ? value : null;

        private static OctopusUpgradeException Unreadable(string msiPath, string reason) =>
            new(
                InstallErrorIds.MsiUnreadable,
                FailureCategory.InvalidData,
                $"The MSI '{msiPath}' could not be read: {reason.TrimEnd('.')}. Download the Octopus Server MSI again; nothing was stopped.",
                msiPath);
    }
}
