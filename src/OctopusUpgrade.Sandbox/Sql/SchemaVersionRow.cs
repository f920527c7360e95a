using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A row of DbUp's journal <c>dbo.SchemaVersions</c>.</summary>
    public sealed class SchemaVersionRow
    {
        /// <summary>The script's name, e.g. <c>Octopus.Core.UpgradeScripts.Script0001 - Initial schema.sql</c>.</summary>
        public string ScriptName { get; set; } = "";

        /// <summary>When the script ran (<c>datetime</c>, UTC).</summary>
        public DateTime Applied { get; set; }
    }
}
