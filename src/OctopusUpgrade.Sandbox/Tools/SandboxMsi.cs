using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Writes real Windows Installer packages for the sandbox: a compound file holding a UTF-8 string pool and the
    /// <c>_Tables</c>, <c>_Columns</c> and <c>Property</c> tables (ProductName, ProductVersion, ProductCode, UpgradeCode,
    /// Manufacturer, ProductLanguage), which msiinfo and the engine's reader both read; it installs nothing else. The
    /// <c>msiexec</c> stand-in knows a package by the SHA-256 of its bytes, as remembered here when it was written
    /// (the sandbox keeps no MSI reader of its own); any other file is not a package to it.
    /// </summary>
    public static class SandboxMsi
    {
        /// <summary>The ProductName of the Octopus Server MSI.</summary>
        public const string OctopusServerProductName = "Octopus Deploy Server";

        /// <summary>The UpgradeCode every sandbox Octopus Server package shares, so each release upgrades the one before.</summary>
        public const string OctopusServerUpgradeCode = "{E4AD5AE0-6C4F-4A0B-9C7E-0D3F5B6A2C18}";

        private const int Utf8Codepage = 65001;
        private const ushort KeyString72 = 0x2D48;
        private const ushort LocalizableString = 0x0B00;
        private const ushort IntegerBias = 0x8000;
        private const char TableMarker = '\u4840';

        // The class of a Windows Installer database's root storage; readers such as msiinfo check it.
        private static readonly Guid InstallerDatabaseClass = new("000C1084-0000-0000-C000-000000000046");

        private static readonly ConcurrentDictionary<string, SandboxMsiProduct> Written = new(StringComparer.Ordinal);

        /// <summary>Writes the package of <paramref name="productName"/> <paramref name="version"/> at <paramref name="path"/> and returns the path.</summary>
        public static string Write(string path, string version, string productName = OctopusServerProductName)
        {
            var product = new SandboxMsiProduct(productName, version, ProductCode(productName, version), OctopusServerUpgradeCode);
            var bytes = Package(product);
            File.WriteAllBytes(path, bytes);
            Written[Sha256(bytes)] = product;
            return path;
        }

        /// <summary>The product of a package this process wrote, by the SHA-256 (hex) of its bytes; null for any other.</summary>
        public static SandboxMsiProduct? Find(string sha256) => Written.TryGetValue(sha256.ToUpperInvariant(), out var product) ? product : null;

        /// <summary>The SHA-256 of the file's bytes, as <see cref="Find"/> takes it.</summary>
        public static string Sha256(byte[] bytes)
        {
            using var sha = SHA256.Create();
            return Convert.ToHexString(sha.ComputeHash(bytes));
        }

        private static byte[] Package(SandboxMsiProduct product)
        {
            var properties = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["Manufacturer"] = "Octopus Deploy Pty. Ltd.",
                ["ProductCode"] = product.ProductCode,
                ["ProductLanguage"] = "1033",
                ["ProductName"] = product.ProductName,
                ["ProductVersion"] = product.ProductVersion,
                ["UpgradeCode"] = product.UpgradeCode,
            };
            var pool = new StringPool();
            var tables = pool.Column("Property");
            var columns = pool.Column("Property", "Property")
                .Concat(Integers(1, 2))
                .Concat(pool.Column("Property", "Value"))
                .Concat(Integers(KeyString72, LocalizableString));
            var propertyRows = pool.Column(properties.Keys.ToArray()).Concat(pool.Column(properties.Values.ToArray()));
            return CompoundFileWriter.Write(InstallerDatabaseClass, new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [TableName("_Tables")] = tables.ToArray(),
                [TableName("_Columns")] = columns.ToArray(),
                [TableName("Property")] = propertyRows.ToArray(),
                [TableName("_StringPool")] = pool.PoolBytes(),
                [TableName("_StringData")] = pool.DataBytes(),
            });
        }

        // A table column of 16-bit integers is stored with its top bit flipped, so that 0 can mean null.
        private static IEnumerable<byte> Integers(params int[] values) => values.SelectMany(v => BitConverter.GetBytes((ushort)(v ^ IntegerBias)));

        /// <summary>
        /// A table's stream name as Windows Installer stores it: the table marker, then the name's characters from
        /// its 64-character alphabet packed two to a character (0x3800 + first + second * 64) or one (0x4800 + it).
        /// </summary>
        private static string TableName(string table)
        {
            var name = new StringBuilder().Append(TableMarker);
            for (var i = 0; i < table.Length; i++)
            {
                var first = Alphabet(table[i]);
                if (i + 1 < table.Length)
                {
                    name.Append((char)(0x3800 + first + (Alphabet(table[i + 1]) << 6)));
                    i++;
                }
                else
                {
                    name.Append((char)(0x4800 + first));
                }
            }

            return name.ToString();
        }

        private static int Alphabet(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'Z' => c - 'A' + 10,
            >= 'a' and <= 'z' => c - 'a' + 36,
            '.' => 62,
            '_' => 63,
            _ => throw new ArgumentException("Table names here use the packed alphabet only: " + c),
        };

        // One product code per release, stable across runs, as a real release's is.
        private static string ProductCode(string productName, string version)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(productName + " " + version));
            return new Guid(hash[..16]).ToString("B", CultureInfo.InvariantCulture).ToUpperInvariant();
        }

        /// <summary>The strings of the package, each id with its reference count, in order of first use.</summary>
        private sealed class StringPool
        {
            private readonly List<string> _strings = new();
            private readonly List<int> _references = new();

            public IEnumerable<byte> Column(params string[] values) => values.SelectMany(v => BitConverter.GetBytes((ushort)Id(v)));

            public byte[] PoolBytes() =>
                BitConverter.GetBytes(Utf8Codepage)
                    .Concat(_strings.Zip(_references, (s, r) => BitConverter.GetBytes((ushort)Encoding.UTF8.GetByteCount(s)).Concat(BitConverter.GetBytes((ushort)r))).SelectMany(e => e))
                    .ToArray();

            public byte[] DataBytes() => Encoding.UTF8.GetBytes(string.Concat(_strings));

            private int Id(string value)
            {
                var index = _strings.IndexOf(value);
                if (index < 0)
                {
                    _strings.Add(value);
                    _references.Add(0);
                    index = _strings.Count - 1;
                }

                _references[index]++;
                return index + 1;
            }
        }
    }
}
