using System.Collections.Generic;

namespace OctopusUpgrade.Engine.Api.Wire
{
    /// <summary>The body Octopus sends with a 4xx/5xx.</summary>
    internal sealed class ErrorBody
    {
        public string? ErrorMessage { get; set; }

        public List<string>? Errors { get; set; }

        public string? FullException { get; set; }
    }
}
