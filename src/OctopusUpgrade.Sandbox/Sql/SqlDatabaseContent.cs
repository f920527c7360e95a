using System.Collections.Generic;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>What a backup carries and a restore puts back: the Octopus database's rows and shape.</summary>
    internal sealed class SqlDatabaseContent
    {
        public long SizeBytes { get; set; }

        public string RecoveryModel { get; set; } = "SIMPLE";

        public List<SchemaVersionRow> SchemaVersions { get; set; } = [];

        public List<InstallationHistoryRow> InstallationHistory { get; set; } = [];

        public List<SqlObjectDescription> CustomObjects { get; set; } = [];

        public SqlDatabaseContent Copy() => new()
        {
            SizeBytes = SizeBytes,
            RecoveryModel = RecoveryModel,
            SchemaVersions = [.. SchemaVersions],
            InstallationHistory = [.. InstallationHistory],
            CustomObjects = [.. CustomObjects],
        };
    }
}
