using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Install;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Install
{
    /// <summary>
    /// The managed MSI reader against real Windows Installer packages built by wixl (tests/fixtures/msi, regenerate.sh)
    /// and against damaged copies of them made here.
    /// </summary>
    public sealed class MsiPackageTests : IDisposable
    {
        private const string UpgradeCode = "{DF7D3B8B-2A2B-4A1A-8C6E-5E4F7A5B2C11}";
        private const int SectorSize = 512;
        private readonly TempFolder _folder = new();

        public static TheoryData<string, string, string> Packages => new()
        {
            { "octopus-server-2020.6.4671.msi", "2020.6.4671", "{A1B2C3D4-0000-4000-8000-202006467100}" },
            { "octopus-server-2019.7.9.msi", "2019.7.9", "{A1B2C3D4-0000-4000-8000-201907000900}" },
            { "octopus-server-long-note.msi", "2020.6.4671", "{A1B2C3D4-0000-4000-8000-202006467101}" },
            { "octopus-server-long-refs.msi.gz", "2020.6.4671", "{A1B2C3D4-0000-4000-8000-202006467102}" },
        };

        /// <summary>Damaged copies of the 2020.6 package: what is done to its bytes, and words the refusal must name.</summary>
        public static TheoryData<string, Func<byte[], byte[]>, string> Damage => new()
        {
            { "empty", _ => Array.Empty<byte>(), "shorter than a compound file's 512-byte header" },
            { "truncated inside the header", b => b[..300], "shorter than a compound file's 512-byte header" },
            { "truncated to its first sectors", b => b[..(SectorSize * 3)], "beyond the file's" },
            { "a JSON stand-in", _ => Encoding.UTF8.GetBytes("{\"ProductVersion\":\"2020.6.4671\"}".PadRight(600)), "signature" },
            { "bad signature", b => Patched(b, 0, 0x00), "signature" },
            { "byte order", b => Patched(b, 28, 0x00), "byte order" },
            { "unknown version", b => Patched(b, 26, 0x07), "version 7" },
            { "FAT sector count larger than the file", b => PatchedUInt(b, 44, 0x00100000), "FAT sectors" },
            { "directory beyond the file", b => PatchedUInt(b, 48, 0x00FFFFF0), "sector 0x00FFFFF0, outside the FAT" },
            { "directory chain loops", b => FatEntry(b, DirectorySector(b), DirectorySector(b)), "loops" },
            { "directory chain names a free sector", b => FatEntry(b, DirectorySector(b), 0xFFFFFFFF), "outside the FAT" },
            { "mini FAT beyond the file", b => PatchedUInt(b, 60, 0x00FFFFF0), "the mini FAT's sector chain names sector 0x00FFFFF0" },
            { "Property stream claims a huge size", b => EntrySize(b, "\u4840Property", 0x7FFFFFF0), "claims 2147483632 bytes" },
            { "mini stream claims a huge size", b => EntrySize(b, "Root Entry", 0x7FFFFFF0), "its mini stream claims" },
            { "string data shorter than the pool says", b => EntrySize(b, "\u4840_StringData", 10), "beyond _StringData's 10" },
            { "Property stream missing", b => Renamed(b, "\u4840Property"), "no Property stream" },
            { "string pool missing", b => Renamed(b, "\u4840_StringPool"), "no _StringPool stream" },
            { "Property rows cut in half", b => EntrySize(b, "\u4840Property", 3), "not whole rows" },
        };

        [Theory]
        [MemberData(nameof(Packages))]
        public void Reads_the_product_properties_of_a_real_package(string fixture, string version, string productCode)
        {
            var properties = MsiPackage.Read(Fixture(fixture));

            Assert.Equal(
                (version, productCode, UpgradeCode, "Octopus Deploy Server", "Octopus Deploy Pty. Ltd."),
                (properties.ProductVersion.ToString(), properties.ProductCode, properties.UpgradeCode, properties.ProductName, properties.Manufacturer));
        }

        [Fact]
        public void A_package_the_sandbox_writes_is_read_like_a_real_one()
        {
            var path = OctopusUpgrade.Sandbox.SandboxMsi.Write(_folder.Combine("Octopus.2024.1.5000-x64.msi"), "2024.1.5000");

            var properties = MsiPackage.Read(path);

            Assert.Equal(
                ("2024.1.5000", OctopusUpgrade.Sandbox.SandboxMsi.OctopusServerUpgradeCode, "Octopus Deploy Server", "Octopus Deploy Pty. Ltd."),
                (properties.ProductVersion.ToString(), properties.UpgradeCode, properties.ProductName, properties.Manufacturer));
            Assert.Matches("^\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\}$", properties.ProductCode);
        }

        [Fact]
        public void A_string_of_64_KiB_or_more_is_read_whole_and_the_strings_after_it_stay_in_place()
        {
            var table = PropertyTable(Fixture("octopus-server-long-note.msi"));

            Assert.Equal(new string('n', 70000), table["RELEASENOTE"]);
            Assert.Equal("yes", table["RUNMANAGERONEXIT"]);
        }

        [Fact]
        public void A_package_of_more_than_65535_strings_is_read_with_3_byte_string_references()
        {
            var path = Fixture("octopus-server-long-refs.msi.gz");
            using var file = File.OpenRead(path);
            var package = CompoundFile.Open(file);
            var pool = MsiStringPool.Load(MsiPackage.Required(package, "_StringPool"), MsiPackage.Required(package, "_StringData"));

            var table = MsiPackage.ReadPropertyTable(package);

            Assert.Equal(3, pool.ReferenceSize);
            Assert.Equal(65536 + 9, table.Count);
            Assert.Equal(("v", "v"), (table["P1"], table["P65536"]));
        }

        [Fact]
        public void Table_stream_names_are_decoded_from_their_packed_form()
        {
            using var file = File.OpenRead(Fixture("octopus-server-2020.6.4671.msi"));

            var names = CompoundFile.Open(file).StreamNames.Select(MsiStreamName.Decode).ToList();

            Assert.Contains("\u4840_StringPool", names);
            Assert.Contains("\u4840Property", names);
            Assert.Contains("\u0005SummaryInformation", names);
            Assert.Contains("server.cab", names);
        }

        [Theory]
        [MemberData(nameof(Damage))]
        public void A_damaged_package_is_refused_as_unreadable_with_the_reason(string damage, Func<byte[], byte[]> change, string reason)
        {
            var path = _folder.Combine(damage + ".msi");
            File.WriteAllBytes(path, change(File.ReadAllBytes(Fixture("octopus-server-2020.6.4671.msi"))));

            var error = Assert.Throws<OctopusUpgradeException>(() => MsiPackage.Read(path));

            Assert.Equal(InstallErrorIds.MsiUnreadable, error.ErrorId);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was stopped", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(new byte[] { 0x61, 0x62, 0x63 }, "take 2 of _StringData's 3 bytes")]
        [InlineData(new byte[] { 0x61 }, "string 1 claims 2 bytes at offset 0, beyond _StringData's 1")]
        public void A_string_pool_that_does_not_account_for_its_data_exactly_is_refused(byte[] data, string reason)
        {
            var pool = new byte[] { 0xE9, 0xFD, 0, 0, 2, 0, 1, 0 };

            var error = Assert.Throws<InvalidDataException>(() => MsiStringPool.Load(pool, data));

            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_missing_package_is_refused_as_not_found()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => MsiPackage.Read(_folder.Combine("absent.msi")));

            Assert.Equal(InstallErrorIds.MsiNotFound, error.ErrorId);
        }

        [Fact]
        public void Random_damage_anywhere_is_either_read_or_refused_as_unreadable_and_never_anything_else()
        {
            var original = File.ReadAllBytes(Fixture("octopus-server-2020.6.4671.msi"));
            var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var seed = 0; seed < 400; seed++)
            {
                var random = new Random(seed);
                var bytes = (byte[])original.Clone();
                for (var flips = random.Next(1, 9); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                var path = _folder.Combine("random.msi");
                File.WriteAllBytes(path, seed % 5 == 0 ? bytes[..random.Next(bytes.Length)] : bytes);
                var outcome = Record.Exception(() => MsiPackage.Read(path));

                var kind = outcome switch
                {
                    null => "read",
                    OctopusUpgradeException { ErrorId: InstallErrorIds.MsiUnreadable } => "unreadable",
                    _ => $"seed {seed}: {outcome.GetType().Name}: {outcome.Message}",
                };
                outcomes[kind] = outcomes.TryGetValue(kind, out var count) ? count + 1 : 1;
            }

            Assert.Equal(new[] { "read", "unreadable" }, outcomes.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        public void Dispose() => _folder.Dispose();

        /// <summary>The fixture's path; a gzipped one is expanded into the test's folder first.</summary>
        private string Fixture(string name)
        {
            var path = RepositoryFolder.Combine("tests", "fixtures", "msi", name);
            if (!name.EndsWith(".gz", StringComparison.Ordinal))
            {
                return path;
            }

            var expanded = _folder.Combine(Path.GetFileNameWithoutExtension(name));
            using (var source = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
            using (var target = File.Create(expanded))
            {
                source.CopyTo(target);
            }

            return expanded;
        }

        private static IReadOnlyDictionary<string, string?> PropertyTable(string path)
        {
            using var file = File.OpenRead(path);
            return MsiPackage.ReadPropertyTable(CompoundFile.Open(file));
        }

        private static byte[] Patched(byte[] bytes, int offset, byte value)
        {
            var copy = (byte[])bytes.Clone();
            copy[offset] = value;
            return copy;
        }

        private static byte[] PatchedUInt(byte[] bytes, int offset, uint value)
        {
            var copy = (byte[])bytes.Clone();
            BitConverter.GetBytes(value).CopyTo(copy, offset);
            return copy;
        }

        private static uint DirectorySector(byte[] bytes) => BitConverter.ToUInt32(bytes, 48);

        /// <summary>Sets the FAT's entry for <paramref name="sector"/> (the fixtures' FAT fits its first sector).</summary>
        private static byte[] FatEntry(byte[] bytes, uint sector, uint next)
        {
            var fatSector = BitConverter.ToUInt32(bytes, 76);
            return PatchedUInt(bytes, (int)((fatSector + 1) * SectorSize + (4 * sector)), next);
        }

        private static byte[] EntrySize(byte[] bytes, string name, uint size) => PatchedUInt(bytes, DirectoryEntry(bytes, name) + 120, size);

        private static byte[] Renamed(byte[] bytes, string name) => Patched(bytes, DirectoryEntry(bytes, name) + 2, (byte)'x');

        /// <summary>The offset of the directory entry whose decoded name is <paramref name="name"/>, following the fixture's directory chain.</summary>
        private static int DirectoryEntry(byte[] bytes, string name)
        {
            var fatSector = BitConverter.ToUInt32(bytes, 76);
            for (var sector = DirectorySector(bytes); sector != 0xFFFFFFFE; sector = BitConverter.ToUInt32(bytes, (int)((fatSector + 1) * SectorSize + (4 * sector))))
            {
                for (var offset = (int)(sector + 1) * SectorSize; offset < (sector + 2) * SectorSize; offset += 128)
                {
                    var length = BitConverter.ToUInt16(bytes, offset + 64);
                    if (length >= 2 && MsiStreamName.Decode(Encoding.Unicode.GetString(bytes, offset, length - 2)) == name)
                    {
                        return offset;
                    }
                }
            }

            throw new InvalidOperationException("No directory entry " + name);
        }
    }
}
