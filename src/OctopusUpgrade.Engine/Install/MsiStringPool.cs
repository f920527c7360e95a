using System;
using System.Collections.Generic;
using System.IO;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// A package's shared strings: <c>_StringPool</c> holds a header (the codepage, its top bit set when string references
    /// in tables take 3 bytes instead of 2) and one (length, reference count) pair of 16-bit words per string id from 1;
    /// <c>_StringData</c> holds the strings back to back. A pair of zeros is an empty id. A string of 64 KiB or more
    /// takes two pairs: (0, high word of the length), then (low word, reference count).
    /// </summary>
    internal sealed class MsiStringPool
    {
        private const uint LongReferencesFlag = 0x80000000;

        private readonly List<string?> _strings;

        private MsiStringPool(List<string?> strings, int referenceSize)
        {
            _strings = strings;
            ReferenceSize = referenceSize;
        }

        /// <summary>The bytes a string column takes in a table: 2, or 3 in a package of more than 65535 strings.</summary>
        public int ReferenceSize { get; }

        /// <exception cref="InvalidDataException">The pool does not describe the data.</exception>
        public static MsiStringPool Load(byte[] pool, byte[] data)
        {
            if (pool.Length < 4 || pool.Length % 4 != 0)
            {
                throw Damaged($"_StringPool is {pool.Length} bytes, not a 4-byte header and 4-byte entries");
            }

            var header = BitConverter.ToUInt32(pool, 0);
            var codepage = (int)(header & ~LongReferencesFlag);
            var strings = new List<string?> { null };
            var offset = 0;
            for (var i = 4; i < pool.Length; i += 4)
            {
                long length = BitConverter.ToUInt16(pool, i);
                var second = BitConverter.ToUInt16(pool, i + 2);
                if (length == 0 && second == 0)
                {
                    strings.Add(null);
                    continue;
                }

                if (length == 0)
                {
                    i += 4;
                    if (i >= pool.Length)
                    {
                        throw Damaged($"_StringPool ends inside the entry of string {strings.Count}, a string of 64 KiB or more");
                    }

                    length = ((long)second << 16) | BitConverter.ToUInt16(pool, i);
                }

                if (length > data.Length - offset)
                {
                    throw Damaged($"string {strings.Count} claims {length} bytes at offset {offset}, beyond _StringData's {data.Length}");
                }

                strings.Add(MsiCodepage.Decode(data, offset, (int)length, codepage));
                offset += (int)length;
            }

            // Every byte of the data belongs to one string: a pool read with the wrong layout (the two readings of a
            // 64 KiB string disagree between implementations) would shift every later string, so it is refused, not
            // read as another version.
            if (offset != data.Length)
            {
                throw Damaged($"its strings take {offset} of _StringData's {data.Length} bytes");
            }

            return new MsiStringPool(strings, (header & LongReferencesFlag) != 0 ? 3 : 2);
        }

        /// <summary>The string with <paramref name="id"/>; null for id 0 (a null value) or an empty id.</summary>
        /// <exception cref="InvalidDataException">No such id.</exception>
        public string? Get(int id) =>
            id >= 0 && id < _strings.Count ? _strings[id] : throw Damaged($"a table refers to string {id}, and the pool holds {_strings.Count - 1}");

        private static InvalidDataException Damaged(string reason) => new("The string pool cannot be read: " + reason + ".");
    }
}
