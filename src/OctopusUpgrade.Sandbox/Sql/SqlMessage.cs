namespace OctopusUpgrade.Sandbox
{
    /// <summary>A SQL Server message: an INFO when <see cref="Class"/> is 10 or less, an ERROR above.</summary>
    internal sealed record SqlMessage(int Number, byte Class, byte State, string Text)
    {
        public static SqlMessage Info(int number, string text) => new(number, 0, 1, text);

        public static SqlMessage Error(int number, string text, byte severity = 16, byte state = 1) => new(number, severity, state, text);
    }
}
