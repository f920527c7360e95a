using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Api;

namespace OctopusUpgrade.Engine.Tentacles.Hydra
{
    /// <summary>
    /// The "Hydra - Update Octopus Tentacle" step template as the community library describes it (facts §Hydra, LIB):
    /// a Tentacle package step that deploys <c>OctopusDeploy.Hydra</c> from the built-in feed and, after deploying,
    /// runs <c>Hydra.exe --defer</c>, with <c>--servers=</c> and the mapping (spaces removed) when one is given.
    /// The "Upgrade Tentacles" project and lifecycle are this module's names for the documented setup.
    /// </summary>
    public static class HydraStepTemplate
    {
        public const string Name = "Hydra - Update Octopus Tentacle";

        public const string ProjectName = "Upgrade Tentacles";

        public const string LifecycleName = "Upgrade Tentacles";

        public const string StepName = "Update Octopus Tentacle";

        public const string ActionType = "Octopus.TentaclePackage";

        public const string ServerMappingParameter = "ServerMapping";

        public const string Description = "Updates Octopus 2.6 Tentacles to 3.x with Hydra: schedules Hydra.exe as SYSTEM on each Tentacle, which installs the new Tentacle a minute later. Created by OctopusUpgrade.";

        // The script reads the parameter, strips spaces as the library template does, and defers the upgrade.
        private const string PostDeployScript =
            "$mapping = ($OctopusParameters['ServerMapping'] -replace '\\s', '')\r\n" +
            "if ([string]::IsNullOrEmpty($mapping)) { & .\\Hydra.exe --defer } else { & .\\Hydra.exe --defer \"--servers=$mapping\" }\r\n";

        /// <summary>The template's properties: package, feed and the script that runs Hydra.</summary>
        public static IReadOnlyDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Octopus.Action.Package.NuGetFeedId"] = "feeds-builtin",
            ["Octopus.Action.Package.NuGetPackageId"] = HydraPackage.PackageId,
            ["Octopus.Action.EnabledFeatures"] = "Octopus.Features.CustomScripts",
            ["Octopus.Action.CustomScripts.PostDeploy.ps1"] = PostDeployScript,
        };

        public static IReadOnlyList<OctopusTemplateParameter> Parameters { get; } = new[]
        {
            new OctopusTemplateParameter(ServerMappingParameter, "Server Mapping", "Empty for listening Tentacles; the new polling address, or old=>new pairs separated by ',' or ';', for polling Tentacles."),
        };

        /// <summary>The project's one step, made from the template, with the mapping set.</summary>
        public static OctopusProcessStep Step(OctopusActionTemplate template, IReadOnlyList<string> roles, HydraServerMapping mapping)
        {
            if (template is null)
            {
                throw new ArgumentNullException(nameof(template));
            }

            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in Properties)
            {
                properties[property.Key] = property.Value;
            }

            properties["Octopus.Action.Template.Id"] = template.Id;
            properties["Octopus.Action.Template.Version"] = template.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            properties[ServerMappingParameter] = (mapping ?? throw new ArgumentNullException(nameof(mapping))).Text;
            return new OctopusProcessStep(StepName, ActionType, roles, properties);
        }
    }
}
