using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// A client request decoded: the T-SQL text and the parameters bound to it. A SQL batch is text alone; an RPC to
    /// <c>sp_executesql</c> (how SqlClient sends a parameterised command) is <c>@stmt</c>, <c>@params</c>, then the values.
    /// </summary>
    internal sealed record TdsRequest(string Text, IReadOnlyDictionary<string, object?> Parameters, bool IsRpc)
    {
        private const ushort ExecuteSqlProcId = 10;

        public static TdsRequest FromBatch(byte[] payload)
        {
            var offset = SkipAllHeaders(payload);
            return new TdsRequest(Encoding.Unicode.GetString(payload, offset, payload.Length - offset), new Dictionary<string, object?>(), false);
        }

        public static TdsRequest FromRpc(byte[] payload)
        {
            var reader = new Reader(payload, SkipAllHeaders(payload));
            var nameLength = reader.UInt16();
            var procedure = nameLength == 0xFFFF ? (reader.UInt16() == ExecuteSqlProcId ? "sp_executesql" : "#proc") : reader.Unicode(nameLength);
            if (!procedure.Equals("sp_executesql", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqlStatementException(SqlMessage.Error(2812, "Could not find stored procedure '" + procedure + "'. The sandbox answers sp_executesql only."));
            }

            reader.UInt16();
            var values = new List<(string Name, object? Value)>();
            while (!reader.AtEnd)
            {
                var name = reader.Unicode(reader.Byte());
                reader.Byte();
                values.Add((name, reader.TypedValue()));
            }

            if (values.Count == 0 || values[0].Value is not string text)
            {
                throw new SqlStatementException(SqlMessage.Error(8144, "Procedure or function sp_executesql has too few arguments specified."));
            }

            var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 2; i < values.Count; i++)
            {
                parameters[values[i].Name] = values[i].Value;
            }

            return new TdsRequest(text, parameters, true);
        }

        private static int SkipAllHeaders(byte[] payload) =>
            payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : throw new InvalidDataException("A request without ALL_HEADERS.");

        /// <summary>Reads RPC parameter values ([MS-TDS] 2.2.5.4 TYPE_INFO, 2.2.5.5 data) for the types SqlClient sends.</summary>
        private sealed class Reader(byte[] data, int offset)
        {
            private int _position = offset;

            public bool AtEnd => _position >= data.Length || data[_position] is 0xFF or 0x80;

            public byte Byte() => data[_position++];

            public ushort UInt16()
            {
                var value = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(_position));
                _position += 2;
                return value;
            }

            public string Unicode(int characters)
            {
                var text = Encoding.Unicode.GetString(data, _position, characters * 2);
                _position += characters * 2;
                return text;
            }

            public object? TypedValue()
            {
                var type = Byte();
                switch (type)
                {
                    case 0x26 or 0x68 or 0x6D or 0x6F or 0x24:
                        Byte();
                        return Fixed(type, Byte());
                    case 0x6A or 0x6C:
                        Byte();
                        Byte();
                        var scale = Byte();
                        var length = Byte();
                        return length == 0 ? null : Decimal(length, scale);
                    case 0x28:
                        return Skip(Byte(), "date");
                    case 0x29 or 0x2A or 0x2B:
                        Byte();
                        return Skip(Byte(), "time");
                    case 0xE7 or 0xEF or 0xA7 or 0xAF or 0xA5 or 0xAD:
                        var max = UInt16();
                        if (type is 0xE7 or 0xEF or 0xA7 or 0xAF)
                        {
                            _position += 5;
                        }

                        var bytes = max == 0xFFFF ? PartiallyLengthPrefixed() : Counted(UInt16());
                        return bytes is null ? null : type is 0xE7 or 0xEF ? Encoding.Unicode.GetString(bytes) : type is 0xA7 or 0xAF ? Encoding.Latin1.GetString(bytes) : bytes;
                    default:
                        throw new SqlStatementException(SqlMessage.Error(8016, "The sandbox does not read RPC parameters of TDS type 0x" + type.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + "."));
                }
            }

            private object? Fixed(byte type, byte length)
            {
                if (length == 0)
                {
                    return null;
                }

                var span = data.AsSpan(_position, length);
                _position += length;
                return type switch
                {
                    0x26 => length switch { 1 => (long)span[0], 2 => BinaryPrimitives.ReadInt16LittleEndian(span), 4 => BinaryPrimitives.ReadInt32LittleEndian(span), _ => BinaryPrimitives.ReadInt64LittleEndian(span) },
                    0x68 => span[0] != 0,
                    0x6D => length == 4 ? BinaryPrimitives.ReadSingleLittleEndian(span) : BinaryPrimitives.ReadDoubleLittleEndian(span),
                    0x24 => new Guid(span),
                    _ => span.ToArray(),
                };
            }

            private decimal Decimal(byte length, byte scale)
            {
                var positive = data[_position] == 1;
                var low = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(_position + 1));
                var middle = length > 5 ? BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(_position + 5)) : 0;
                var high = length > 9 ? BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(_position + 9)) : 0;
                _position += length;
                return new decimal(low, middle, high, !positive, scale);
            }

            private object? Skip(byte length, string what)
            {
                _position += length;
                return length == 0 ? null : throw new SqlStatementException(SqlMessage.Error(8016, "The sandbox does not take " + what + " parameters."));
            }

            private byte[]? Counted(ushort length)
            {
                if (length == 0xFFFF)
                {
                    return null;
                }

                var bytes = data.AsSpan(_position, length).ToArray();
                _position += length;
                return bytes;
            }

            private byte[]? PartiallyLengthPrefixed()
            {
                var total = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(_position));
                _position += 8;
                if (total == ulong.MaxValue)
                {
                    return null;
                }

                using var bytes = new MemoryStream();
                while (true)
                {
                    var chunk = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(_position));
                    _position += 4;
                    if (chunk == 0)
                    {
                        return bytes.ToArray();
                    }

                    bytes.Write(data, _position, chunk);
                    _position += chunk;
                }
            }
        }
    }
}
