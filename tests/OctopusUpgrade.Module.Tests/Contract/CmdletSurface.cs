using System.Collections.Generic;

namespace OctopusUpgrade.Module.Tests.Contract
{
    /// <summary>A cmdlet as its assembly's metadata declares it, with one entry per [Parameter] attribute.</summary>
    public sealed record CmdletSurface(string Name, bool SupportsShouldProcess, IReadOnlyList<CmdletParameter> Parameters);
}
