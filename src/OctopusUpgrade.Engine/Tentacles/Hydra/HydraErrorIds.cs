namespace OctopusUpgrade.Engine.Tentacles.Hydra
{
    /// <summary>The error ids of upgrading 2.6 Tentacles with Hydra (<c>Invoke-HydraUpgrade</c>).</summary>
    public static class HydraErrorIds
    {
        public const string Prefix = "Hydra";

        /// <summary>The server is not 2.x: Hydra is run from the 2.6 server; later servers use Update-OctopusTentacle.</summary>
        public const string NeedsLegacyServer = "HydraNeedsLegacyServer";

        /// <summary>-HydraPackagePath names no file.</summary>
        public const string PackageNotFound = "HydraPackageNotFound";

        /// <summary>-HydraPackagePath is not a .nupkg whose nuspec id is OctopusDeploy.Hydra.</summary>
        public const string PackageInvalid = "HydraPackageInvalid";

        /// <summary>The 2.x server does not serve a route the upgrade needs; the message says what to do by hand.</summary>
        public const string ManualStepRequired = "HydraManualStepRequired";

        /// <summary>-CanaryRole or -CanaryEnvironment matches none of the selected Tentacles.</summary>
        public const string CanaryEmpty = "HydraCanaryEmpty";

        /// <summary>A Tentacle did not upgrade, as read from outside afterwards (non-terminating, one per machine).</summary>
        public const string NotUpgraded = "HydraNotUpgraded";
    }
}
