using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Encodes the server's tokens ([MS-TDS] 2.2.7) into a buffer that <see cref="TdsResponse"/> sends.</summary>
    internal sealed class TdsTokenWriter
    {
        /// <summary>SQL_Latin1_General_CP1_CI_AS.</summary>
        public static readonly byte[] Collation = [0x09, 0x04, 0xD0, 0x00, 0x34];

        public const ushort DoneFinal = 0x00;
        public const ushort DoneMore = 0x01;
        public const ushort DoneError = 0x02;
        public const ushort DoneCount = 0x10;
        public const ushort DoneAttention = 0x20;

        private const byte ColMetadataToken = 0x81;
        private const byte RowToken = 0xD1;
        private const byte ErrorToken = 0xAA;
        private const byte InfoToken = 0xAB;
        private const byte EnvChangeToken = 0xE3;
        private const byte LoginAckToken = 0xAD;
        private const byte ReturnStatusToken = 0x79;

        private static readonly DateTime SqlEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

        public MemoryStream Buffer { get; } = new();

        public void Message(bool error, int number, byte state, byte severity, string text, string serverName, int line = 1)
        {
            var body = new MemoryStream();
            Int32(body, number);
            body.WriteByte(state);
            body.WriteByte(severity);
            UsVarChar(body, text);
            BVarChar(body, serverName);
            BVarChar(body, "");
            Int32(body, line);
            Buffer.WriteByte(error ? ErrorToken : InfoToken);
            UInt16(Buffer, (ushort)body.Length);
            body.WriteTo(Buffer);
        }

        public void EnvChange(byte type, string newValue, string oldValue)
        {
            var body = new MemoryStream();
            body.WriteByte(type);
            BVarChar(body, newValue);
            BVarChar(body, oldValue);
            EnvChangeBody(body);
        }

        public void CollationChange()
        {
            var body = new MemoryStream();
            body.WriteByte(7);
            body.WriteByte((byte)Collation.Length);
            body.Write(Collation);
            body.WriteByte(0);
            EnvChangeBody(body);
        }

        public void LoginAck(Version product)
        {
            var body = new MemoryStream();
            body.WriteByte(1);
            body.Write([0x74, 0x00, 0x00, 0x04]);
            BVarChar(body, "Microsoft SQL Server");
            body.WriteByte((byte)product.Major);
            body.WriteByte((byte)product.Minor);
            body.WriteByte((byte)(Math.Max(product.Build, 0) >> 8));
            body.WriteByte((byte)Math.Max(product.Build, 0));
            Buffer.WriteByte(LoginAckToken);
            UInt16(Buffer, (ushort)body.Length);
            body.WriteTo(Buffer);
        }

        public void Done(byte token, ushort status, long rowCount)
        {
            Buffer.WriteByte(token);
            UInt16(Buffer, status);
            UInt16(Buffer, 0xC1);
            Span<byte> count = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(count, rowCount);
            Buffer.Write(count);
        }

        public void ReturnStatus(int value)
        {
            Buffer.WriteByte(ReturnStatusToken);
            Int32(Buffer, value);
        }

        public void ResultSet(SqlResultSet result)
        {
            Buffer.WriteByte(ColMetadataToken);
            UInt16(Buffer, (ushort)result.Columns.Count);
            foreach (var column in result.Columns)
            {
                Int32(Buffer, 0);
                UInt16(Buffer, 0x0001);
                TypeInfo(column.Type);
                BVarChar(Buffer, column.Name);
            }

            foreach (var row in result.Rows)
            {
                Buffer.WriteByte(RowToken);
                for (var i = 0; i < result.Columns.Count; i++)
                {
                    Value(result.Columns[i].Type, row[i]);
                }
            }
        }

        private void TypeInfo(SqlColumnType type)
        {
            switch (type)
            {
                case SqlColumnType.TinyInt or SqlColumnType.SmallInt or SqlColumnType.Int or SqlColumnType.BigInt:
                    Buffer.WriteByte(0x26);
                    Buffer.WriteByte((byte)IntegerSize(type));
                    break;
                case SqlColumnType.Bit:
                    Buffer.WriteByte(0x68);
                    Buffer.WriteByte(1);
                    break;
                case SqlColumnType.NVarChar:
                    Buffer.WriteByte(0xE7);
                    UInt16(Buffer, 8000);
                    Buffer.Write(Collation);
                    break;
                case SqlColumnType.DateTime:
                    Buffer.WriteByte(0x6F);
                    Buffer.WriteByte(8);
                    break;
                case SqlColumnType.DateTimeOffset:
                    Buffer.WriteByte(0x2B);
                    Buffer.WriteByte(7);
                    break;
                case SqlColumnType.Numeric:
                    Buffer.WriteByte(0x6C);
                    Buffer.WriteByte(17);
                    Buffer.WriteByte(25);
                    Buffer.WriteByte(0);
                    break;
                case SqlColumnType.Variant:
                    Buffer.WriteByte(0x62);
                    Int32(Buffer, 8016);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type));
            }
        }

        private void Value(SqlColumnType type, object? value)
        {
            switch (type)
            {
                case SqlColumnType.TinyInt or SqlColumnType.SmallInt or SqlColumnType.Int or SqlColumnType.BigInt:
                    if (value is null)
                    {
                        Buffer.WriteByte(0);
                        break;
                    }

                    var size = IntegerSize(type);
                    Buffer.WriteByte((byte)size);
                    Span<byte> number = stackalloc byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(number, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    Buffer.Write(number[..size]);
                    break;
                case SqlColumnType.Bit:
                    Buffer.WriteByte(value is null ? (byte)0 : (byte)1);
                    if (value is not null)
                    {
                        Buffer.WriteByte(Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture) ? (byte)1 : (byte)0);
                    }

                    break;
                case SqlColumnType.NVarChar:
                    if (value is null)
                    {
                        UInt16(Buffer, 0xFFFF);
                        break;
                    }

                    var text = Encoding.Unicode.GetBytes((string)value);
                    UInt16(Buffer, (ushort)text.Length);
                    Buffer.Write(text);
                    break;
                case SqlColumnType.DateTime:
                    if (value is not DateTime time)
                    {
                        Buffer.WriteByte(0);
                        break;
                    }

                    Buffer.WriteByte(8);
                    var days = (int)(time.Date - SqlEpoch).TotalDays;
                    Int32(Buffer, days);
                    Int32(Buffer, (int)Math.Round(time.TimeOfDay.TotalMilliseconds * 300 / 1000));
                    break;
                case SqlColumnType.DateTimeOffset:
                    if (value is not DateTimeOffset moment)
                    {
                        Buffer.WriteByte(0);
                        break;
                    }

                    Buffer.WriteByte(10);
                    var utc = moment.UtcDateTime;
                    Span<byte> ticks = stackalloc byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(ticks, utc.TimeOfDay.Ticks);
                    Buffer.Write(ticks[..5]);
                    Span<byte> date = stackalloc byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(date, (int)(utc.Date - DateTime.MinValue).TotalDays);
                    Buffer.Write(date[..3]);
                    UInt16(Buffer, (ushort)(short)moment.Offset.TotalMinutes);
                    break;
                case SqlColumnType.Numeric:
                    if (value is null)
                    {
                        Buffer.WriteByte(0);
                        break;
                    }

                    var amount = decimal.Truncate(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                    var bits = decimal.GetBits(decimal.Abs(amount));
                    Buffer.WriteByte(17);
                    Buffer.WriteByte(amount < 0 ? (byte)0 : (byte)1);
                    Int32(Buffer, bits[0]);
                    Int32(Buffer, bits[1]);
                    Int32(Buffer, bits[2]);
                    Int32(Buffer, 0);
                    break;
                case SqlColumnType.Variant:
                    Variant(value);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type));
            }
        }

        // A sql_variant carries its base type: nvarchar (collation and max length as properties) or int.
        private void Variant(object? value)
        {
            switch (value)
            {
                case null:
                    Int32(Buffer, 0);
                    break;
                case int number:
                    Int32(Buffer, 2 + 4);
                    Buffer.WriteByte(0x38);
                    Buffer.WriteByte(0);
                    Int32(Buffer, number);
                    break;
                case string text:
                    var bytes = Encoding.Unicode.GetBytes(text);
                    Int32(Buffer, 2 + 7 + bytes.Length);
                    Buffer.WriteByte(0xE7);
                    Buffer.WriteByte(7);
                    Buffer.Write(Collation);
                    UInt16(Buffer, 256);
                    Buffer.Write(bytes);
                    break;
                default:
                    throw new ArgumentException("A sql_variant here is an int or a string.", nameof(value));
            }
        }

        private void EnvChangeBody(MemoryStream body)
        {
            Buffer.WriteByte(EnvChangeToken);
            UInt16(Buffer, (ushort)body.Length);
            body.WriteTo(Buffer);
        }

        private static int IntegerSize(SqlColumnType type) => type switch
        {
            SqlColumnType.TinyInt => 1,
            SqlColumnType.SmallInt => 2,
            SqlColumnType.Int => 4,
            _ => 8,
        };

        private static void BVarChar(Stream stream, string text)
        {
            stream.WriteByte((byte)text.Length);
            stream.Write(Encoding.Unicode.GetBytes(text));
        }

        private static void UsVarChar(Stream stream, string text)
        {
            UInt16(stream, (ushort)text.Length);
            stream.Write(Encoding.Unicode.GetBytes(text));
        }

        private static void UInt16(Stream stream, ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
            stream.Write(bytes);
        }

        private static void Int32(Stream stream, int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            stream.Write(bytes);
        }
    }
}
