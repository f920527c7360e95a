using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// A read-only view of a Compound File Binary file ([MS-CFB]), the container a Windows Installer package is: the
    /// header, the FAT (through the DIFAT), the mini FAT and mini stream, and the directory entries, read as a flat list
    /// (the red-black tree's order does not matter to a lookup by name). Only the sectors a stream needs are read, so a
    /// package of hundreds of megabytes costs its FAT and a few small streams. Every index and size the file claims is
    /// checked against the file's length and every chain is bounded, so a damaged file ends in an
    /// <see cref="InvalidDataException"/> naming what is wrong, never a hang or an allocation the file cannot back.
    /// </summary>
    internal sealed class CompoundFile
    {
        private const int HeaderSize = 512;
        private const int DirectoryEntrySize = 128;
        private const int MiniSectorSize = 64;

        // The streams read here (the string pool and the Property table) are kilobytes in a real package; a claim of more is damage.
        private const long MaxStreamSize = 64L * 1024 * 1024;
        private const int HeaderDifatEntries = 109;
        private const uint MaxRegularSector = 0xFFFFFFFA;
        private const uint EndOfChain = 0xFFFFFFFE;
        private const uint FreeSector = 0xFFFFFFFF;
        private const byte StreamObject = 2;
        private const byte RootObject = 5;
        private static readonly byte[] Signature = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

        private readonly Stream _file;
        private readonly int _sectorSize;
        private readonly long _sectorCount;
        private readonly uint _miniStreamCutoff;
        private readonly uint[] _fat;
        private readonly uint[] _miniFat;
        private readonly List<Entry> _entries;
        private byte[]? _miniStream;

        private CompoundFile(Stream file, int sectorSize, long sectorCount, uint miniStreamCutoff, uint[] fat, uint firstMiniFatSector, uint firstDirectorySector)
        {
            _file = file;
            _sectorSize = sectorSize;
            _sectorCount = sectorCount;
            _miniStreamCutoff = miniStreamCutoff;
            _fat = fat;
            _entries = ReadDirectory(firstDirectorySector);
            _miniFat = firstMiniFatSector == EndOfChain ? Array.Empty<uint>() : ToUInts(ReadChain(firstMiniFatSector, "the mini FAT"));
        }

        /// <summary>The names of the stream entries, as stored (MSI table streams hold compressed names; see <see cref="MsiStreamName"/>).</summary>
        public IEnumerable<string> StreamNames
        {
            get
            {
                foreach (var entry in _entries)
                {
                    if (entry.Type == StreamObject)
                    {
                        yield return entry.Name;
                    }
                }
            }
        }

        /// <summary>Reads the header, the DIFAT, the FAT and the directory of <paramref name="file"/> (readable and seekable).</summary>
        /// <exception cref="InvalidDataException">The file is not a compound file or is damaged.</exception>
        public static CompoundFile Open(Stream file)
        {
            if (file is null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            if (file.Length < HeaderSize)
            {
                throw Damaged($"it is {file.Length} bytes, shorter than a compound file's {HeaderSize}-byte header");
            }

            var header = new byte[HeaderSize];
            ReadExactly(file, 0, header, HeaderSize, "the header");
            for (var i = 0; i < Signature.Length; i++)
            {
                if (header[i] != Signature[i])
                {
                    throw Damaged("it does not start with the compound file signature D0 CF 11 E0 A1 B1 1A E1 (it is not a Windows Installer package)");
                }
            }

            var major = BitConverter.ToUInt16(header, 26);
            var sectorShift = BitConverter.ToUInt16(header, 30);
            if (BitConverter.ToUInt16(header, 28) != 0xFFFE)
            {
                throw Damaged("its header's byte order mark is not FFFE");
            }

            if (!(major == 3 && sectorShift == 9) && !(major == 4 && sectorShift == 12))
            {
                throw Damaged($"its header names version {major} with sector shift {sectorShift}; only version 3 (512-byte sectors) and 4 (4096-byte sectors) exist");
            }

            if (BitConverter.ToUInt16(header, 32) != 6)
            {
                throw Damaged($"its mini sector shift is {BitConverter.ToUInt16(header, 32)}, not 6");
            }

            var sectorSize = 1 << sectorShift;
            if (file.Length < sectorSize)
            {
                throw Damaged($"it is {file.Length} bytes, shorter than its own {sectorSize}-byte header sector");
            }

            var fatSectorCount = BitConverter.ToUInt32(header, 44);
            var firstDirectorySector = BitConverter.ToUInt32(header, 48);
            var miniStreamCutoff = BitConverter.ToUInt32(header, 56);
            var firstMiniFatSector = BitConverter.ToUInt32(header, 60);
            var firstDifatSector = BitConverter.ToUInt32(header, 68);
            var difatSectorCount = BitConverter.ToUInt32(header, 72);
            var sectorCount = (file.Length - sectorSize + sectorSize - 1) / sectorSize;
            if (fatSectorCount == 0 || fatSectorCount > sectorCount)
            {
                throw Damaged($"its header claims {fatSectorCount} FAT sectors and the file holds {sectorCount} sectors");
            }

            if (difatSectorCount > sectorCount)
            {
                throw Damaged($"its header claims {difatSectorCount} DIFAT sectors and the file holds {sectorCount} sectors");
            }

            var fatSectors = new List<uint>((int)fatSectorCount);
            for (var i = 0; i < HeaderDifatEntries && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(BitConverter.ToUInt32(header, 76 + (4 * i)));
            }

            var difatSector = firstDifatSector;
            var sector = new byte[sectorSize];
            var perDifatSector = (sectorSize / 4) - 1;
            for (var read = 0u; fatSectors.Count < fatSectorCount; read++)
            {
                if (read == difatSectorCount)
                {
                    throw Damaged($"its {fatSectorCount} FAT sectors are not all listed: the DIFAT ends after {read} sectors");
                }

                ReadExactly(file, SectorOffset(difatSector, sectorCount, sectorSize, "a DIFAT sector"), sector, sectorSize, "a DIFAT sector");
                for (var i = 0; i < perDifatSector && fatSectors.Count < fatSectorCount; i++)
                {
                    fatSectors.Add(BitConverter.ToUInt32(sector, 4 * i));
                }

                difatSector = BitConverter.ToUInt32(sector, 4 * perDifatSector);
            }

            var fat = new uint[fatSectorCount * (sectorSize / 4)];
            for (var i = 0; i < fatSectors.Count; i++)
            {
                ReadExactly(file, SectorOffset(fatSectors[i], sectorCount, sectorSize, "a FAT sector"), sector, sectorSize, "a FAT sector");
                Buffer.BlockCopy(sector, 0, fat, i * sectorSize, sectorSize);
            }

            return new CompoundFile(file, sectorSize, sectorCount, miniStreamCutoff, fat, firstMiniFatSector, firstDirectorySector);
        }

        /// <summary>
        /// The bytes of the first stream entry whose decoded name is <paramref name="name"/>; null when there is none.
        /// <paramref name="shownName"/> names it in errors.
        /// </summary>
        /// <exception cref="InvalidDataException">The stream's chain or size is damaged.</exception>
        public byte[]? ReadStream(string name, Func<string, string> decodeName, string shownName)
        {
            if (decodeName is null)
            {
                throw new ArgumentNullException(nameof(decodeName));
            }

            foreach (var entry in _entries)
            {
                if (entry.Type == StreamObject && string.Equals(decodeName(entry.Name), name, StringComparison.Ordinal))
                {
                    return Read(entry, shownName);
                }
            }

            return null;
        }

        private byte[] Read(Entry entry, string name)
        {
            RequirePlausibleSize(entry.Size, "its stream '" + name + "'");

            if (entry.Size >= _miniStreamCutoff)
            {
                return Truncate(ReadChain(entry.Start, "the stream '" + name + "'", entry.Size), entry.Size, name);
            }

            var miniStream = _miniStream ??= ReadMiniStream();
            var bytes = new byte[entry.Size];
            var miniSector = entry.Start;
            for (long done = 0; done < entry.Size; done += MiniSectorSize)
            {
                var offset = (long)miniSector * MiniSectorSize;
                if (miniSector > MaxRegularSector || miniSector >= _miniFat.Length || offset + Math.Min(MiniSectorSize, entry.Size - done) > miniStream.Length)
                {
                    throw Damaged($"its stream '{name}' names mini sector {miniSector}, outside the mini stream");
                }

                Buffer.BlockCopy(miniStream, (int)offset, bytes, (int)done, (int)Math.Min(MiniSectorSize, entry.Size - done));
                miniSector = _miniFat[miniSector];
            }

            return bytes;
        }

        private byte[] ReadMiniStream()
        {
            var root = _entries[0];
            RequirePlausibleSize(root.Size, "its mini stream");
            return root.Start == EndOfChain ? Array.Empty<byte>() : Truncate(ReadChain(root.Start, "the mini stream", root.Size), root.Size, "the mini stream");
        }

        private List<Entry> ReadDirectory(uint firstSector)
        {
            var bytes = ReadChain(firstSector, "the directory");
            var entries = new List<Entry>(bytes.Length / DirectoryEntrySize);
            for (var offset = 0; offset + DirectoryEntrySize <= bytes.Length; offset += DirectoryEntrySize)
            {
                var nameLength = BitConverter.ToUInt16(bytes, offset + 64);
                var type = bytes[offset + 66];
                var name = nameLength is >= 2 and <= 64 && nameLength % 2 == 0 ? Encoding.Unicode.GetString(bytes, offset, nameLength - 2) : string.Empty;
                // Version 3 files may leave garbage in the size's high half ([MS-CFB] 2.6.3); a 512-byte-sector file cannot hold a stream that large anyway.
                var size = _sectorSize == HeaderSize ? BitConverter.ToUInt32(bytes, offset + 120) : BitConverter.ToInt64(bytes, offset + 120);
                entries.Add(new Entry(name, type, BitConverter.ToUInt32(bytes, offset + 116), size));
            }

            if (entries.Count == 0 || entries[0].Type != RootObject)
            {
                throw Damaged("its first directory entry is not the root storage");
            }

            return entries;
        }

        /// <summary>
        /// Follows a FAT chain from <paramref name="start"/>. A chain that goes outside the file or the FAT, or is longer
        /// than the file could hold (a loop), is refused. With <paramref name="size"/>, only the sectors that size needs are
        /// read and the chain must hold them.
        /// </summary>
        private byte[] ReadChain(uint start, string what, long size = -1)
        {
            var limit = size < 0 ? _sectorCount : (size + _sectorSize - 1) / _sectorSize;
            using var bytes = new MemoryStream();
            var sector = new byte[_sectorSize];
            var current = start;
            for (long count = 0; current != EndOfChain && (size < 0 || count < limit); count++)
            {
                if (count >= _sectorCount)
                {
                    throw Damaged($"{what}'s sector chain loops (it is longer than the file's {_sectorCount} sectors)");
                }

                if (current > MaxRegularSector || current >= _fat.Length)
                {
                    throw Damaged($"{what}'s sector chain names sector {Hex(current)}, outside the FAT");
                }

                var length = (int)Math.Min(_sectorSize, _file.Length - SectorOffset(current, _sectorCount, _sectorSize, what));
                ReadExactly(_file, SectorOffset(current, _sectorCount, _sectorSize, what), sector, length, what);
                bytes.Write(sector, 0, length);
                current = _fat[current];
            }

            if (size >= 0 && bytes.Length < size)
            {
                throw Damaged($"{what}'s sector chain ends after {bytes.Length} of its {size} bytes");
            }

            return bytes.ToArray();
        }

        private void RequirePlausibleSize(long size, string what)
        {
            if (size < 0 || size > _file.Length || size > MaxStreamSize)
            {
                throw Damaged($"{what} claims {size} bytes, more than the file's {_file.Length} or the {MaxStreamSize} a package's table could need");
            }
        }

        private static long SectorOffset(uint sector, long sectorCount, int sectorSize, string what) =>
            sector <= MaxRegularSector && sector < sectorCount
                ? (sector + 1L) * sectorSize
                : throw Damaged($"{what} is at sector {Hex(sector)}, beyond the file's {sectorCount} sectors (the file is truncated or damaged)");

        private static void ReadExactly(Stream file, long offset, byte[] buffer, int count, string what)
        {
            file.Position = offset;
            var done = 0;
            while (done < count)
            {
                var read = file.Read(buffer, done, count - done);
                if (read == 0)
                {
                    throw Damaged($"the file ends inside {what}");
                }

                done += read;
            }
        }

        private static byte[] Truncate(byte[] bytes, long size, string name)
        {
            if (bytes.Length < size)
            {
                throw Damaged($"'{name}' holds {bytes.Length} of its {size} bytes");
            }

            var exact = new byte[size];
            Buffer.BlockCopy(bytes, 0, exact, 0, (int)size);
            return exact;
        }

        private static uint[] ToUInts(byte[] bytes)
        {
            var values = new uint[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
            return values;
        }

        private static string Hex(uint value) => "0x" + value.ToString("X8", CultureInfo.InvariantCulture);

        private static InvalidDataException Damaged(string reason) => new("The compound file cannot be read: " + reason + ".");

        private readonly record struct Entry(string Name, byte Type, uint Start, long Size);
    }
}
