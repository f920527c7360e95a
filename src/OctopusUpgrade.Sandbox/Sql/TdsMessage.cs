namespace OctopusUpgrade.Sandbox
{
    /// <summary>One whole TDS message: the packets' payloads joined, up to the packet marked end-of-message.</summary>
    internal sealed record TdsMessage(byte Type, byte[] Payload);
}
