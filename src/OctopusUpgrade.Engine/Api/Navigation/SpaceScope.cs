using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api.Navigation
{
    /// <summary>The space the client works in (null on servers before 2019.1) and the links scoped to it.</summary>
    internal sealed class SpaceScope
    {
        public SpaceScope(OctopusSpace? space, IReadOnlyDictionary<string, string> links)
        {
            Space = space;
            Links = links;
        }

        public OctopusSpace? Space { get; }

        public IReadOnlyDictionary<string, string> Links { get; }
    }
}
