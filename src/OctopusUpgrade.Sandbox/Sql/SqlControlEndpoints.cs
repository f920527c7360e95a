using System;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// <c>/sandbox/sql</c> and <c>/sandbox/faults/sql/…</c>: the SQL Server's state and faults, behind the same
    /// authorisation as the rest of the control endpoint.
    /// </summary>
    internal static class SqlControlEndpoints
    {
        public static void Map(WebApplication app, SandboxContext sandbox)
        {
            var faults = sandbox.Faults.Sql;
            var sql = sandbox.Estate.Sql;
            app.MapGet("/sandbox/sql", () => ApiResponses.Json(Summary(sql)));
            app.MapPost("/sandbox/faults/sql/deny-device", (HttpContext http) => ControlEndpoints.Act(() => faults.DenyBackupDevice(ControlEndpoints.Number(http, "count", 1))));
            app.MapPost("/sandbox/faults/sql/volume-full", (HttpContext http) => ControlEndpoints.Act(() => faults.FillBackupVolume(ControlEndpoints.Number(http, "count", 1))));
            app.MapPost("/sandbox/faults/sql/disconnect", (HttpContext http) => ControlEndpoints.Act(() => faults.DisconnectDuringBackup(ControlEndpoints.Number(http, "percent", 50))));
            app.MapPost("/sandbox/faults/sql/slow", (HttpContext http) => ControlEndpoints.Act(() => faults.SlowBackup(TimeSpan.FromMilliseconds(ControlEndpoints.Number(http, "ms", 100)))));
            app.MapPost("/sandbox/faults/sql/clear", () => ControlEndpoints.Act(faults.Clear));
        }

        // No password here: the control endpoint's answers are logged by test harnesses.
        private static JsonObject Summary(SqlServerState sql) => sql.Read(() => new JsonObject
        {
            ["DatabaseName"] = sql.DatabaseName,
            ["State"] = sql.State,
            ["UserAccess"] = sql.UserAccess,
            ["RecoveryModel"] = sql.Content.RecoveryModel,
            ["ProductVersion"] = sql.Facts.ProductVersion,
            ["Edition"] = sql.Facts.Edition,
            ["EngineEdition"] = sql.Facts.EngineEdition,
            ["Login"] = sql.Facts.Login,
            ["SchemaVersions"] = sql.Content.SchemaVersions.Count,
            ["LastSchemaScript"] = sql.Content.SchemaVersions.LastOrDefault()?.ScriptName,
            ["InstalledVersions"] = new JsonArray(sql.Content.InstallationHistory.Select(r => (JsonNode?)JsonValue.Create(r.Version)).ToArray()),
            ["CustomObjects"] = sql.Content.CustomObjects.Count,
        });
    }
}
