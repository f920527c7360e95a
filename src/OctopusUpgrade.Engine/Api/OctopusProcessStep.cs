using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api
{
    /// <summary>A deployment process step of one action: its name, action type, target roles and the action's properties.</summary>
    public sealed record OctopusProcessStep(string Name, string ActionType, IReadOnlyList<string> Roles, IReadOnlyDictionary<string, string> Properties);
}
