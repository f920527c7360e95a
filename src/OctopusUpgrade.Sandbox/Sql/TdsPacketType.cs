namespace OctopusUpgrade.Sandbox
{
    /// <summary>TDS packet types ([MS-TDS] 2.2.3.1.1) and header status bits.</summary>
    internal static class TdsPacketType
    {
        public const byte SqlBatch = 0x01;
        public const byte Rpc = 0x03;
        public const byte TabularResult = 0x04;
        public const byte Attention = 0x06;
        public const byte TransactionManager = 0x0E;
        public const byte Login7 = 0x10;
        public const byte PreLogin = 0x12;

        public const byte EndOfMessage = 0x01;
        public const int HeaderLength = 8;
    }
}
