namespace OctopusUpgrade.Sandbox
{
    /// <summary>A space (2019.1+). Older servers have one implicit space that never shows in the API.</summary>
    public sealed class Space
    {
        internal Space(string id, string name, bool isDefault)
        {
            Id = id;
            Name = name;
            IsDefault = isDefault;
        }

        /// <summary>Space id, e.g. <c>Spaces-1</c>.</summary>
        public string Id { get; }

        /// <summary>Space name.</summary>
        public string Name { get; }

        /// <summary>Whether unscoped routes resolve to this space.</summary>
        public bool IsDefault { get; }

        /// <summary>Whether the space's task queue is stopped.</summary>
        public bool TaskQueueStopped { get; set; }
    }
}
