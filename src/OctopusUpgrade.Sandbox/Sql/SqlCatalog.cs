using System;
using System.Collections.Generic;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The tables the endpoint serves, built from <see cref="SqlServerState"/> when read. Server-wide: <c>sys.databases</c>,
    /// <c>sys.master_files</c>, <c>sys.dm_server_services</c>, <c>sys.dm_os_volume_stats(db, file)</c>. In the Octopus
    /// database: <c>dbo.SchemaVersions</c>, <c>dbo.OctopusServerInstallationHistory</c>, <c>sys.objects</c>.
    /// </summary>
    internal static class SqlCatalog
    {
        /// <summary>Tables Octopus creates, in schema dbo (a representative set; the database holds these and the custom objects).</summary>
        public static readonly string[] OctopusTables =
        [
            "SchemaVersions", "OctopusServerInstallationHistory", "Configuration", "OctopusServerNode", "ServerTask", "Event",
            "Project", "Release", "Deployment", "DeploymentEnvironment", "Machine", "Certificate", "Feed", "User", "Team",
        ];

        private static readonly (string Name, int Id, string Recovery)[] SystemDatabases =
            [("master", 1, "SIMPLE"), ("tempdb", 2, "SIMPLE"), ("model", 3, "FULL"), ("msdb", 4, "SIMPLE")];

        public static SqlTable Resolve(IReadOnlyList<string> name, IReadOnlyList<object?>? arguments, SqlEndpoint endpoint, TdsSession session)
        {
            var state = endpoint.State;
            var display = string.Join(".", name);
            var invalid = new SqlStatementException(SqlMessage.Error(208, "Invalid object name '" + display + "'.", 16, 1));
            var database = name.Count == 3 ? name[0] : session.Database ?? "master";
            var schemaAndTable = name.Count switch
            {
                3 => (name[1], name[2]),
                2 => (name[0], name[1]),
                _ => ("dbo", name[0]),
            };
            var key = schemaAndTable.Item1.ToLowerInvariant() + "." + schemaAndTable.Item2.ToLowerInvariant();
            if (arguments is not null)
            {
                return key == "sys.dm_os_volume_stats" && !state.IsAzureSqlDatabase && arguments.Count == 2 ? VolumeStats(state, arguments) : throw invalid;
            }

            if (key is "sys.databases")
            {
                return Databases(state);
            }

            if (key is "sys.master_files" or "sys.dm_server_services" && !state.IsAzureSqlDatabase)
            {
                return key == "sys.master_files" ? MasterFiles(state) : Services(state);
            }

            var isOctopusDatabase = endpoint.IsUserDatabase(database);
            if (key == "sys.objects" && !isOctopusDatabase)
            {
                return new SqlTable("sys.objects", ObjectColumns, []);
            }

            if (!isOctopusDatabase || key is not ("sys.objects" or "dbo.schemaversions" or "dbo.octopusserverinstallationhistory"))
            {
                throw invalid;
            }

            return state.Read(() =>
            {
                if (state.State == "RESTORING")
                {
                    throw new SqlStatementException(SqlMessage.Error(927, "Database '" + state.DatabaseName + "' cannot be opened. It is in the middle of a restore.", 14));
                }

                var content = state.Content;
                return key switch
                {
                    "dbo.schemaversions" => new SqlTable(display, [new("Id", SqlColumnType.Int), new("ScriptName", SqlColumnType.NVarChar), new("Applied", SqlColumnType.DateTime)],
                        content.SchemaVersions.Select((r, i) => new object?[] { i + 1, r.ScriptName, r.Applied }).ToList()),
                    "dbo.octopusserverinstallationhistory" => new SqlTable(display, [new("Id", SqlColumnType.NVarChar), new("Node", SqlColumnType.NVarChar), new("Version", SqlColumnType.NVarChar), new("Installed", SqlColumnType.DateTimeOffset)],
                        content.InstallationHistory.Select((r, i) => new object?[] { "OctopusServerInstallationHistory-" + (i + 1), r.Node, r.Version, r.Installed }).ToList()),
                    _ => Objects(state, content),
                };
            });
        }

        /// <summary><c>DB_ID(name)</c>: the id, or NULL for a database that does not exist.</summary>
        public static object? DatabaseId(SqlServerState state, string name) =>
            string.Equals(name, state.DatabaseName, StringComparison.OrdinalIgnoreCase) ? SqlServerState.DatabaseId
            : state.IsAzureSqlDatabase ? (string.Equals(name, "master", StringComparison.OrdinalIgnoreCase) ? 1 : null)
            : SystemDatabases.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } found ? found.Id : null;

        /// <summary><c>SCHEMA_NAME(schema_id)</c>.</summary>
        public static string? SchemaName(SqlServerState state, object? schemaId) =>
            schemaId is int id ? Schemas(state).FirstOrDefault(s => s.Id == id).Name : null;

        private static readonly SqlColumn[] ObjectColumns =
        [
            new("object_id", SqlColumnType.Int), new("name", SqlColumnType.NVarChar), new("schema_id", SqlColumnType.Int), new("type", SqlColumnType.NVarChar),
            new("type_desc", SqlColumnType.NVarChar), new("is_ms_shipped", SqlColumnType.Bit), new("create_date", SqlColumnType.DateTime),
        ];

        private static SqlTable Databases(SqlServerState state) => state.Read(() =>
        {
            var system = state.IsAzureSqlDatabase ? SystemDatabases.Take(1) : SystemDatabases;
            var rows = system.Select(d => new object?[] { d.Name, d.Id, "ONLINE", "MULTI_USER", d.Recovery, (byte)150, false, state.CreateDate })
                .Append([state.DatabaseName, SqlServerState.DatabaseId, state.State, state.UserAccess, state.Content.RecoveryModel, (byte)(state.ProductVersion.Major * 10), false, state.CreateDate])
                .ToList();
            return new SqlTable("sys.databases",
                [new("name", SqlColumnType.NVarChar), new("database_id", SqlColumnType.Int), new("state_desc", SqlColumnType.NVarChar), new("user_access_desc", SqlColumnType.NVarChar),
                 new("recovery_model_desc", SqlColumnType.NVarChar), new("compatibility_level", SqlColumnType.TinyInt), new("is_read_only", SqlColumnType.Bit), new("create_date", SqlColumnType.DateTime)],
                rows);
        });

        private static SqlTable MasterFiles(SqlServerState state) => state.Read(() =>
        {
            var folder = state.Facts.VolumeMountPoint + @"Program Files\Microsoft SQL Server\MSSQL" + state.ProductVersion.Major + @".MSSQLSERVER\MSSQL\DATA\";
            var pages = (int)(state.Content.SizeBytes / 8192);
            var logPages = Math.Max(pages / 10, 1);
            var rows = SystemDatabases
                .SelectMany(d => new[] { new object?[] { d.Id, 1, "ROWS", d.Name, folder + d.Name + ".mdf", 1024 }, [d.Id, 2, "LOG", d.Name + "log", folder + d.Name + "log.ldf", 256] })
                .Append([SqlServerState.DatabaseId, 1, "ROWS", state.DatabaseName, folder + state.DatabaseName + ".mdf", pages - logPages])
                .Append([SqlServerState.DatabaseId, 2, "LOG", state.DatabaseName + "_log", folder + state.DatabaseName + "_log.ldf", logPages])
                .ToList();
            return new SqlTable("sys.master_files",
                [new("database_id", SqlColumnType.Int), new("file_id", SqlColumnType.Int), new("type_desc", SqlColumnType.NVarChar), new("name", SqlColumnType.NVarChar),
                 new("physical_name", SqlColumnType.NVarChar), new("size", SqlColumnType.Int)],
                rows);
        });

        private static SqlTable Services(SqlServerState state)
        {
            var rows = new List<object?[]> { new object?[] { "SQL Server (MSSQLSERVER)", "Automatic", "Running", state.Facts.ServiceAccount } };
            if (state.Facts.EngineEdition != 4)
            {
                rows.Add(["SQL Server Agent (MSSQLSERVER)", "Automatic", "Running", @"NT Service\SQLSERVERAGENT"]);
            }

            return new SqlTable("sys.dm_server_services",
                [new("servicename", SqlColumnType.NVarChar), new("startup_type_desc", SqlColumnType.NVarChar), new("status_desc", SqlColumnType.NVarChar), new("service_account", SqlColumnType.NVarChar)],
                rows);
        }

        private static SqlTable VolumeStats(SqlServerState state, IReadOnlyList<object?> arguments)
        {
            var known = arguments[0] is not null && Convert.ToInt64(arguments[0], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= SqlServerState.DatabaseId
                && arguments[1] is not null && Convert.ToInt64(arguments[1], System.Globalization.CultureInfo.InvariantCulture) is 1 or 2;
            var facts = state.Facts;
            return new SqlTable("sys.dm_os_volume_stats",
                [new("database_id", SqlColumnType.Int), new("file_id", SqlColumnType.Int), new("volume_mount_point", SqlColumnType.NVarChar), new("logical_volume_name", SqlColumnType.NVarChar),
                 new("total_bytes", SqlColumnType.BigInt), new("available_bytes", SqlColumnType.BigInt)],
                known ? [[Convert.ToInt32(arguments[0], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(arguments[1], System.Globalization.CultureInfo.InvariantCulture), facts.VolumeMountPoint, "Data", facts.VolumeTotalBytes, facts.VolumeAvailableBytes]] : []);
        }

        private static SqlTable Objects(SqlServerState state, SqlDatabaseContent content)
        {
            var schemas = Schemas(state);
            var created = state.CreateDate;
            var octopus = OctopusTables.Select(t => (Schema: 1, Name: t, Type: "U", Created: created));
            var custom = content.CustomObjects.Select(o => (Schema: schemas.First(s => string.Equals(s.Name, o.Schema, StringComparison.OrdinalIgnoreCase)).Id, o.Name, Type: o.Type.ToUpperInvariant(), Created: created.AddDays(30)));
            var rows = octopus.Concat(custom)
                .Select((o, i) => new object?[] { 1_000_000 + (i * 16), o.Name, o.Schema, o.Type, TypeDescription(o.Type), false, o.Created })
                .ToList();
            return new SqlTable("sys.objects", ObjectColumns, rows);
        }

        private static List<(int Id, string Name)> Schemas(SqlServerState state) => state.Read(() =>
            new[] { "dbo" }.Concat(state.Content.CustomObjects.Select(o => o.Schema))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select((name, i) => (Id: i == 0 ? 1 : 4 + i, Name: name))
                .ToList());

        private static string TypeDescription(string type) => type switch
        {
            "U" => "USER_TABLE",
            "V" => "VIEW",
            "P" => "SQL_STORED_PROCEDURE",
            "FN" => "SQL_SCALAR_FUNCTION",
            "IF" => "SQL_INLINE_TABLE_VALUED_FUNCTION",
            "TF" => "SQL_TABLE_VALUED_FUNCTION",
            "TR" => "SQL_TRIGGER",
            _ => "USER_TABLE",
        };
    }
}
