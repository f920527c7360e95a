namespace OctopusUpgrade.Sandbox
{
    /// <summary>A pending fault on a route: a forced status code, or a dropped connection when <see cref="StatusCode"/> is null.</summary>
    internal sealed record RouteFault(string Prefix, int? StatusCode)
    {
        public int Remaining { get; set; }
    }
}
