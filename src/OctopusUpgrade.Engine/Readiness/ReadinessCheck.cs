namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>One readiness check: what it looked at, how it came out, what it found, and what to do about it.</summary>
    public sealed record ReadinessCheck(string Name, ReadinessStatus Status, string Detail, string? Remedy = null)
    {
        public static ReadinessCheck Pass(string name, string detail) => new(name, ReadinessStatus.Pass, detail);

        public static ReadinessCheck Warn(string name, string detail, string remedy) => new(name, ReadinessStatus.Warn, detail, remedy);

        public static ReadinessCheck Fail(string name, string detail, string remedy) => new(name, ReadinessStatus.Fail, detail, remedy);
    }
}
