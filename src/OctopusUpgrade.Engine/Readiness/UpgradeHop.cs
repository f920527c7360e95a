using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Readiness
{
    /// <summary>
    /// A version hop known to fail (facts §5 and §6, each row with its source): from a version in [FromLowest, FromBelow)
    /// to a target in [TargetLowest, TargetBelow); null bounds are open. The remedy names the way round.
    /// </summary>
    public sealed record UpgradeHop(string? FromLowest, string? FromBelow, string? TargetLowest, string? TargetBelow, string Problem, string Remedy)
    {
        public static IReadOnlyList<UpgradeHop> KnownBroken { get; } = new[]
        {
            new UpgradeHop(null, "2.6.5", "2.6.6", null, "2.x before 2.6.5 can go only to 2.6.5 (docs: upgrading legacy)", "Upgrade to 2.6.5 first, then to 2018.10 LTS."),
            new UpgradeHop("2.6.5", "3.0", "2018.11", null, "2.6.5 is supported only to 2018.10 LTS, the only supported path from 2.x", "Upgrade to 2018.10 LTS first (with Octopus.Migrator.exe), then to the target."),
            new UpgradeHop(null, "3.0", "2018.8.0", "2018.8.12", "from 2.6 to 2018.8.0–2018.8.11 fails (ISS#4979)", "Upgrade to 2018.7.14 first, then on."),
            new UpgradeHop(null, "3.4", "2018.4.0", "2018.5.5", "from below 3.4 to 2018.4.0–2018.5.4 fails (ISS#4979)", "Step through 3.4.15, then 3.17.14."),
            new UpgradeHop("3.0", "2021.1", "2023.4", null, "from before 2021.1 to 2023.4+ can fail with Invalid column name 'DeploymentTargetType' (ISS#9141)", "Upgrade to 2021.1.8018 first."),
            new UpgradeHop("3.0", "2018.4", "2024.3", null, "from 2018.3 or earlier to 2024.3+ the server does not start afterwards (ISS#9145)", "Upgrade to a version before 2024.3 first (such as 2023.4), then on."),
            new UpgradeHop("2021.3.12912", null, "2022.1.2735", "2022.4", "from 2021.3.12912 or later to 2022.1.2735+, 2022.2 or 2022.3 fails with 'Extra upgrade script(s) found' (ISS#7790)", "Choose a target of 2022.4 or later."),
        };

        public bool Matches(OctopusVersion from, OctopusVersion target) =>
            Within(from, FromLowest, FromBelow) && Within(target, TargetLowest, TargetBelow);

        public static IReadOnlyList<UpgradeHop> Broken(OctopusVersion from, OctopusVersion target) => KnownBroken.Where(h => h.Matches(from, target)).ToList();

        private static bool Within(OctopusVersion version, string? lowest, string? below) =>
            (lowest is null || version >= OctopusVersion.Parse(lowest)) && (below is null || version < OctopusVersion.Parse(below));
    }
}
