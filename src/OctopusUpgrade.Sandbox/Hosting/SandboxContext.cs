namespace OctopusUpgrade.Sandbox;

/// <summary>What every endpoint and middleware needs: the estate, its faults and its task queue.</summary>
internal sealed record SandboxContext(Estate Estate, SandboxFaults Faults, TaskQueue Queue, string ControlToken);
