using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary>Any document read only for its links: a space home, a configuration section.</summary>
    internal sealed class LinkedDocument
    {
        public string? Id { get; set; }

        public Dictionary<string, string> Links { get; set; } = new Dictionary<string, string>();
    }
}
