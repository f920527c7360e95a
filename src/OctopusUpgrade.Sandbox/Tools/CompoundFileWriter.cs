using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// Writes a small Compound File Binary file ([MS-CFB] version 3, 512-byte sectors) whose streams are all under the
    /// 4096-byte cutoff, so they live in the mini stream: header, one FAT sector, the directory (the root, then every
    /// stream as its right sibling in the order the format compares names), the mini FAT and the mini stream.
    /// </summary>
    internal static class CompoundFileWriter
    {
        private const int SectorSize = 512;
        private const int MiniSectorSize = 64;
        private const int MiniStreamCutoff = 4096;
        private const int EntrySize = 128;
        private const uint NoStream = 0xFFFFFFFF;
        private const uint EndOfChain = 0xFFFFFFFE;
        private const uint FatSector = 0xFFFFFFFD;
        private const uint FreeSector = 0xFFFFFFFF;
        private const byte StorageRoot = 5;
        private const byte Stream = 2;
        private const byte Black = 1;

        /// <summary>The file of <paramref name="streams"/> (name to bytes) in a root storage of class <paramref name="rootClass"/>.</summary>
        public static byte[] Write(Guid rootClass, IReadOnlyDictionary<string, byte[]> streams)
        {
            if (streams.Count == 0 || streams.Values.Any(s => s.Length is 0 or >= MiniStreamCutoff) || streams.Keys.Any(n => n.Length is 0 or > 31))
            {
                throw new ArgumentException("Only one or more streams of 1 to 4095 bytes with names of 1 to 31 characters are written.", nameof(streams));
            }

            // [MS-CFB] 2.6.4: shorter names sort first, then by upper-case code unit.
            var ordered = streams.OrderBy(s => s.Key.Length).ThenBy(s => s.Key.ToUpperInvariant(), StringComparer.Ordinal).ToList();
            var miniStarts = new List<uint>();
            var miniFat = new List<uint>();
            using var miniStream = new MemoryStream();
            foreach (var (_, bytes) in ordered)
            {
                var sectors = (bytes.Length + MiniSectorSize - 1) / MiniSectorSize;
                miniStarts.Add((uint)miniFat.Count);
                for (var i = 0; i < sectors; i++)
                {
                    miniFat.Add(i == sectors - 1 ? EndOfChain : (uint)(miniFat.Count + 1));
                }

                miniStream.Write(bytes, 0, bytes.Length);
                miniStream.Write(new byte[(sectors * MiniSectorSize) - bytes.Length], 0, (sectors * MiniSectorSize) - bytes.Length);
            }

            var directorySectors = Sectors((ordered.Count + 1) * EntrySize);
            var miniFatSectors = Sectors(miniFat.Count * 4);
            var miniStreamSectors = Sectors((int)miniStream.Length);
            if (1 + directorySectors + miniFatSectors + miniStreamSectors > SectorSize / 4)
            {
                throw new ArgumentException("The streams need more than one FAT sector.", nameof(streams));
            }

            // Sector 0 is the FAT; then the directory, the mini FAT and the mini stream, each one chain.
            var fat = new List<uint> { FatSector };
            var directoryStart = Chain(fat, directorySectors);
            var miniFatStart = Chain(fat, miniFatSectors);
            var miniStreamStart = Chain(fat, miniStreamSectors);

            var file = new byte[SectorSize * (1 + fat.Count)];
            WriteHeader(file, directoryStart, miniFatStart, miniFatSectors);
            var fatBytes = fat.Concat(Enumerable.Repeat(FreeSector, (SectorSize / 4) - fat.Count)).SelectMany(BitConverter.GetBytes).ToArray();
            fatBytes.CopyTo(file, SectorSize);

            var directory = SectorOffset(directoryStart);
            WriteEntry(file, directory, "Root Entry", StorageRoot, 1, NoStream, miniStreamStart, miniStream.Length);
            rootClass.ToByteArray().CopyTo(file, directory + 80);
            for (var i = 0; i < ordered.Count; i++)
            {
                var right = i + 1 < ordered.Count ? (uint)(i + 2) : NoStream;
                WriteEntry(file, directory + ((i + 1) * EntrySize), ordered[i].Key, Stream, NoStream, right, miniStarts[i], ordered[i].Value.Length);
            }

            for (var i = ordered.Count + 1; i < directorySectors * (SectorSize / EntrySize); i++)
            {
                WriteEmptyEntry(file, directory + (i * EntrySize));
            }

            miniFat.Concat(Enumerable.Repeat(FreeSector, (miniFatSectors * SectorSize / 4) - miniFat.Count)).SelectMany(BitConverter.GetBytes).ToArray().CopyTo(file, SectorOffset(miniFatStart));
            miniStream.ToArray().CopyTo(file, SectorOffset(miniStreamStart));
            return file;
        }

        private static int Sectors(int bytes) => (bytes + SectorSize - 1) / SectorSize;

        private static int SectorOffset(uint sector) => (int)(sector + 1) * SectorSize;

        private static uint Chain(List<uint> fat, int sectors)
        {
            var start = (uint)fat.Count;
            for (var i = 0; i < sectors; i++)
            {
                fat.Add(i == sectors - 1 ? EndOfChain : (uint)(fat.Count + 1));
            }

            return start;
        }

        private static void WriteHeader(byte[] file, uint directoryStart, uint miniFatStart, int miniFatSectors)
        {
            new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(file, 0);
            Put16(file, 24, 0x3E);
            Put16(file, 26, 3);
            Put16(file, 28, 0xFFFE);
            Put16(file, 30, 9);
            Put16(file, 32, 6);
            Put32(file, 44, 1);
            Put32(file, 48, directoryStart);
            Put32(file, 56, MiniStreamCutoff);
            Put32(file, 60, miniFatStart);
            Put32(file, 64, (uint)miniFatSectors);
            Put32(file, 68, EndOfChain);
            Put32(file, 76, 0);
            for (var i = 1; i < 109; i++)
            {
                Put32(file, 76 + (4 * i), FreeSector);
            }
        }

        private static void WriteEntry(byte[] file, int offset, string name, byte type, uint child, uint right, uint start, long size)
        {
            var encoded = Encoding.Unicode.GetBytes(name);
            encoded.CopyTo(file, offset);
            Put16(file, offset + 64, encoded.Length + 2);
            file[offset + 66] = type;
            file[offset + 67] = Black;
            Put32(file, offset + 68, NoStream);
            Put32(file, offset + 72, right);
            Put32(file, offset + 76, child);
            Put32(file, offset + 116, start);
            Put32(file, offset + 120, (uint)size);
        }

        private static void WriteEmptyEntry(byte[] file, int offset)
        {
            Put32(file, offset + 68, NoStream);
            Put32(file, offset + 72, NoStream);
            Put32(file, offset + 76, NoStream);
        }

        private static void Put16(byte[] file, int offset, int value) => BitConverter.GetBytes((ushort)value).CopyTo(file, offset);

        private static void Put32(byte[] file, int offset, uint value) => BitConverter.GetBytes(value).CopyTo(file, offset);
    }
}
