using System;
using System.Text;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// Decodes a package's strings in the codepage its string pool names. 0 (language neutral) and 1252 (what most
    /// packages, Octopus's among them, declare) are decoded here: .NET (not .NET Framework) has no Windows-1252 without an
    /// extra package. Any other codepage the runtime knows is used; one it does not is read as Windows-1252, which keeps
    /// the ASCII the version and codes are made of.
    /// </summary>
    internal static class MsiCodepage
    {
        private const int Neutral = 0;
        private const int Windows1252 = 1252;

        // Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F; unassigned bytes map to themselves, as Windows does.
        private static readonly string Windows1252High =
            "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
            "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

        public static string Decode(byte[] bytes, int offset, int count, int codepage)
        {
            if (codepage is not (Neutral or Windows1252))
            {
                try
                {
                    return Encoding.GetEncoding(codepage).GetString(bytes, offset, count);
                }
                catch (Exception e) when (e is NotSupportedException or ArgumentException)
                {
                    // Not on this runtime: fall through to Windows-1252.
                }
            }

            var text = new char[count];
            for (var i = 0; i < count; i++)
            {
                var b = bytes[offset + i];
                text[i] = b is >= 0x80 and <= 0x9F ? Windows1252High[b - 0x80] : (char)b;
            }

            return new string(text);
        }
    }
}
