using System.Text;

namespace OctopusUpgrade.Engine.Install
{
    /// <summary>
    /// Windows Installer's stream names. A compound file entry name holds at most 31 characters, so MSI packs two name
    /// characters from its 64-character alphabet (0-9, A-Z, a-z, '.', '_') into one character of 0x3800-0x47FF, and one
    /// into 0x4800-0x483F; a table's stream is its name so packed behind the marker 0x4840.
    /// </summary>
    internal static class MsiStreamName
    {
        public const char TableMarker = '\u4840';

        private const char PackedFirst = '\u3800';
        private const char SingleFirst = '\u4800';

        /// <summary>The name a stored entry name stands for; a table's name keeps its <see cref="TableMarker"/> in front.</summary>
        public static string Decode(string stored)
        {
            var name = new StringBuilder(stored.Length * 2);
            foreach (var c in stored)
            {
                if (c >= PackedFirst && c < SingleFirst)
                {
                    var packed = c - PackedFirst;
                    name.Append(Character(packed & 0x3F)).Append(Character((packed >> 6) & 0x3F));
                }
                else if (c >= SingleFirst && c < TableMarker)
                {
                    name.Append(Character(c - SingleFirst));
                }
                else
                {
                    name.Append(c);
                }
            }

            return name.ToString();
        }

        /// <summary>The decoded name of table <paramref name="table"/>'s stream.</summary>
        public static string Table(string table) => TableMarker + table;

        private static char Character(int index) => index switch
        {
            < 10 => (char)('0' + index),
            < 36 => (char)('A' + index - 10),
            < 62 => (char)('a' + index - 36),
            62 => '.',
            _ => '_',
        };
    }
}
