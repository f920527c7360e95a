using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tentacles
{
    /// <summary>One Tentacle after its last check: its state read from the server, whether it met the expectation, and why not.</summary>
    public sealed record TentacleHealthOutcome(TentacleTarget Machine, string HealthStatus, bool IsReachable, OctopusVersion? TentacleVersion, int Attempts, bool Passed, string Reason);
}
