using System;
using System.Buffers.Binary;
using System.Text;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>The fields of a LOGIN7 message ([MS-TDS] 2.2.6.4) the endpoint uses.</summary>
    internal sealed record Login7(string UserName, string Password, string Database, int PacketSize)
    {
        public static Login7 Parse(byte[] login)
        {
            string Field(int at) => Encoding.Unicode.GetString(login, BinaryPrimitives.ReadUInt16LittleEndian(login.AsSpan(at)), BinaryPrimitives.ReadUInt16LittleEndian(login.AsSpan(at + 2)) * 2);

            var passwordOffset = BinaryPrimitives.ReadUInt16LittleEndian(login.AsSpan(44));
            var passwordBytes = login.AsSpan(passwordOffset, BinaryPrimitives.ReadUInt16LittleEndian(login.AsSpan(46)) * 2).ToArray();
            for (var i = 0; i < passwordBytes.Length; i++)
            {
                // The client swaps each byte's nibbles and XORs it with 0xA5; undo both.
                var b = passwordBytes[i] ^ 0xA5;
                passwordBytes[i] = (byte)((b << 4) | (b >> 4));
            }

            return new Login7(Field(40), Encoding.Unicode.GetString(passwordBytes), Field(68), BinaryPrimitives.ReadInt32LittleEndian(login.AsSpan(8)));
        }
    }
}
