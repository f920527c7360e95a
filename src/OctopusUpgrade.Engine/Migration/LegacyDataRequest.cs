namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>What Remove-OctopusLegacyData was asked: which 2.6 home folder, and whether to go on without the journal's proof.</summary>
    public sealed record LegacyDataRequest
    {
        /// <summary>The 2.6 home folder (C:\Octopus by default); null: the session's home folder.</summary>
        public string? HomePath { get; init; }

        /// <summary>Remove even though the journal does not show the migration and the package copy as succeeded.</summary>
        public bool Force { get; init; }
    }
}
