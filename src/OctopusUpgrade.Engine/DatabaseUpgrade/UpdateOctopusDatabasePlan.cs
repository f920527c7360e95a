using System.Collections.Generic;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.DatabaseUpgrade
{
    /// <summary>What planning found: the version the schema moves to, the schema scripts already run, the nodes still running.</summary>
    /// <param name="TargetVersion">The installed binaries' version (<c>version --format=json</c>).</param>
    /// <param name="ScriptsBefore">Rows of <c>dbo.SchemaVersions</c>, or null when the session has no SQL connection.</param>
    /// <param name="RunningNodes">Other nodes the cluster reports online (empty when the API does not answer).</param>
    public sealed record UpdateOctopusDatabasePlan(OctopusVersion TargetVersion, int? ScriptsBefore, IReadOnlyList<string> RunningNodes);
}
