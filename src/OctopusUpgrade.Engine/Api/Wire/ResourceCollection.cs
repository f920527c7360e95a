using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary>One page of a collection. Only one page is ever held at a time.</summary>
    internal sealed class ResourceCollection<T>
    {
        public int? TotalResults { get; set; }

        public int? ItemsPerPage { get; set; }

        public List<T> Items { get; set; } = new List<T>();

        public Dictionary<string, string?> Links { get; set; } = new Dictionary<string, string?>();
    }
}
