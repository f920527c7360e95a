namespace OctopusUpgrade.Sandbox
{
    /// <summary>An environment.</summary>
    public sealed class DeploymentEnvironment
    {
        internal DeploymentEnvironment(string id, string name, string spaceId, int sortOrder)
        {
            Id = id;
            Name = name;
            SpaceId = spaceId;
            SortOrder = sortOrder;
        }

        /// <summary>Environment id, e.g. <c>Environments-1</c>.</summary>
        public string Id { get; }

        /// <summary>Environment name.</summary>
        public string Name { get; }

        /// <summary>Owning space id.</summary>
        public string SpaceId { get; }

        /// <summary>Position in the environment list.</summary>
        public int SortOrder { get; }
    }
}
