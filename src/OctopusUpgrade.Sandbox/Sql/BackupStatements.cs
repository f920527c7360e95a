using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// <c>BACKUP DATABASE … TO DISK = … WITH …</c> and <c>RESTORE VERIFYONLY|HEADERONLY|DATABASE … FROM DISK = …</c>: real
    /// files in the <see cref="BackupFile"/> format, progress as "N percent processed." at the STATS interval over
    /// simulated time, and SQL Server's messages and errors.
    /// </summary>
    internal sealed class BackupStatements(SqlParser parser, SqlEndpoint endpoint, TdsSession session, TdsResponse response)
    {
        private static readonly string[] BackupOptions = ["COPY_ONLY", "CHECKSUM", "NO_CHECKSUM", "INIT", "NOINIT", "FORMAT", "NOFORMAT", "COMPRESSION", "NO_COMPRESSION", "STATS", "NAME", "DESCRIPTION", "SKIP", "NOSKIP"];
        private static readonly string[] VerifyOptions = ["CHECKSUM", "NO_CHECKSUM", "FILE", "STATS"];
        private static readonly string[] HeaderOptions = ["FILE"];
        private static readonly string[] RestoreOptions = ["REPLACE", "CHECKSUM", "NO_CHECKSUM", "STATS", "RECOVERY", "FILE"];

        private SqlServerState State => endpoint.State;

        public async Task BackupAsync(CancellationToken cancellationToken)
        {
            parser.Expect("BACKUP", "DATABASE");
            var database = parser.NameOrVariable();
            parser.Expect("TO", "DISK");
            parser.ExpectSymbol("=");
            var path = parser.StringValue();
            var options = Options(BackupOptions);
            const string statement = "BACKUP DATABASE";
            if (State.IsAzureSqlDatabase)
            {
                throw new SqlStatementException(SqlMessage.Error(40510, "Statement 'BACKUP DATABASE' is not supported in this version of SQL Server."));
            }

            RequireOctopusDatabase(database, statement);
            if (options.ContainsKey("COMPRESSION") && State.Facts.EngineEdition == 4)
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(1844, "BACKUP DATABASE WITH COMPRESSION is not supported on " + State.Facts.Edition + "."));
            }

            if (endpoint.Faults.TakeDeviceDenied())
            {
                throw SqlStatementException.Terminating(statement, CannotOpen(path, 5, "Access is denied."));
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is null || !Directory.Exists(folder))
            {
                throw SqlStatementException.Terminating(statement, CannotOpen(path, 3, "The system cannot find the path specified."));
            }

            if (File.Exists(path) && !options.ContainsKey("INIT") && !options.ContainsKey("FORMAT"))
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(50000, "The sandbox writes one backup set per file and does not append: '" + path + "' exists; add INIT to overwrite it."));
            }

            var pages = State.Pages;
            var started = endpoint.Now;
            var partial = path + ".sandbox-partial";
            var finished = false;
            try
            {
                await File.WriteAllBytesAsync(partial, [], cancellationToken).ConfigureAwait(false);
                var volumeFull = endpoint.Faults.TakeVolumeFull();
                await ProgressAsync(Stats(options), pages, percent =>
                {
                    if (volumeFull && percent >= 50)
                    {
                        throw SqlStatementException.Terminating(statement, SqlMessage.Error(3202, "Write on '" + path + "' failed: 112(There is not enough space on the disk.)"));
                    }
                }, cancellationToken).ConfigureAwait(false);

                var header = State.Read(() =>
                {
                    var copyOnly = options.ContainsKey("COPY_ONLY");
                    var first = State.LastLsn;
                    State.LastLsn = first + 100_000_000m;
                    var checkpoint = first + 50_000_000m;
                    var backupHeader = new BackupHeader
                    {
                        DatabaseName = State.DatabaseName,
                        ServerName = State.Facts.ServerName,
                        SoftwareVersion = State.Facts.ProductVersion,
                        BackupName = options.GetValueOrDefault("NAME") as string,
                        Description = options.GetValueOrDefault("DESCRIPTION") as string,
                        BackupStart = started,
                        BackupFinish = endpoint.Now,
                        FirstLsn = first,
                        LastLsn = State.LastLsn,
                        CheckpointLsn = checkpoint,
                        DatabaseBackupLsn = State.DifferentialBaseLsn,
                        IsCopyOnly = copyOnly,
                        HasChecksums = options.ContainsKey("CHECKSUM"),
                        Compressed = options.ContainsKey("COMPRESSION"),
                        RecoveryModel = State.Content.RecoveryModel,
                        UserAccess = State.UserAccess,
                        Pages = State.Content.SizeBytes / 8192,
                        DatabaseCreationDate = State.CreateDate,
                    };
                    if (!copyOnly)
                    {
                        State.DifferentialBaseLsn = checkpoint;
                    }

                    return (backupHeader, State.Content.Copy());
                });
                await File.WriteAllBytesAsync(partial, BackupFile.Write(header.backupHeader, header.Item2), cancellationToken).ConfigureAwait(false);
                File.Move(partial, path, overwrite: true);
                finished = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && !session.IsKilled)
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3201, "Cannot open backup device '" + path + "'. Operating system error 5(" + e.Message + ")."));
            }
            finally
            {
                if (!finished)
                {
                    File.Delete(partial);
                }
            }

            ProcessedMessages("BACKUP DATABASE", pages);
        }

        public async Task RestoreAsync(CancellationToken cancellationToken)
        {
            parser.Expect("RESTORE");
            if (parser.Accept("VERIFYONLY"))
            {
                Verify();
                return;
            }

            if (parser.Accept("HEADERONLY"))
            {
                HeaderOnly();
                return;
            }

            parser.Expect("DATABASE");
            var database = parser.NameOrVariable();
            var (path, options) = FromDisk(RestoreOptions);
            const string statement = "RESTORE DATABASE";
            if (State.IsAzureSqlDatabase)
            {
                throw new SqlStatementException(SqlMessage.Error(40510, "Statement 'RESTORE DATABASE' is not supported in this version of SQL Server."));
            }

            RequireOctopusDatabase(database, statement);
            var (header, content, problem) = ReadBackup(path, statement);
            if (int.TryParse(header.SoftwareVersion.Split('.')[0], CultureInfo.InvariantCulture, out var major) && major > State.ProductVersion.Major)
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3169, "The database was backed up on a server running version " + header.SoftwareVersion + ". That version is incompatible with this server, which is running version " + State.Facts.ProductVersion + ". Either restore the database on a server that supports the backup, or use a backup that is compatible with this server."));
            }

            var replace = options.ContainsKey("REPLACE");
            if (!replace && !string.Equals(header.DatabaseName, State.DatabaseName, StringComparison.OrdinalIgnoreCase))
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3154, "The backup set holds a backup of a database other than the existing '" + State.DatabaseName + "' database."));
            }

            if (!replace && State.Read(() => State.Content.RecoveryModel) == "FULL")
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3159, "The tail of the log for the database \"" + State.DatabaseName + "\" has not been backed up. Use BACKUP LOG WITH NORECOVERY to backup the log if it contains work you do not want to lose. Use the WITH REPLACE or WITH STOPAT clause of the RESTORE statement to just overwrite the contents of the log."));
            }

            if (endpoint.SessionsIn(State.DatabaseName, session).Length > 0)
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3101, "Exclusive access could not be obtained because the database is in use."));
            }

            if (options.ContainsKey("CHECKSUM") && !header.HasChecksums)
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3187, "RESTORE WITH CHECKSUM cannot be specified because the backup set does not contain checksum information."));
            }

            // From here on the old database is being overwritten: a failure or cancel leaves it RESTORING, as in life.
            State.Update(() => State.State = "RESTORING");
            await ProgressAsync(Stats(options), header.Pages, percent =>
            {
                if (problem == BackupFileProblem.Damaged && percent >= 50)
                {
                    throw SqlStatementException.Terminating(statement, SqlMessage.Error(3183, "RESTORE detected an error on page (1:" + (header.Pages / 2).ToString(CultureInfo.InvariantCulture) + ") in database \"" + State.DatabaseName + "\" as read from the backup set."));
                }
            }, cancellationToken).ConfigureAwait(false);
            State.Update(() =>
            {
                State.Content = content!;
                State.UserAccess = header.UserAccess;
                State.LastLsn = Math.Max(State.LastLsn, header.LastLsn);
                State.State = "ONLINE";
            });
            ProcessedMessages(statement, header.Pages);
        }

        private void Verify()
        {
            var (path, options) = FromDisk(VerifyOptions);
            const string statement = "VERIFY DATABASE";
            var (header, _, problem) = ReadBackup(path, statement);
            if (options.ContainsKey("CHECKSUM") && !header.HasChecksums)
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3187, "RESTORE WITH CHECKSUM cannot be specified because the backup set does not contain checksum information."));
            }

            if (problem == BackupFileProblem.Damaged)
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(3189, "Damage to the backup set was detected."));
            }

            response.Message(SqlMessage.Info(3262, "The backup set on file 1 is valid."));
            response.StatementDone();
        }

        private void HeaderOnly()
        {
            var (path, _) = FromDisk(HeaderOptions);
            var (header, _, _) = ReadBackup(path, "RESTORE HEADERONLY");
            var size = new FileInfo(path).Length;
            var version = System.Version.Parse(header.SoftwareVersion);
            (string Name, SqlColumnType Type, object? Value)[] columns =
            [
                ("BackupName", SqlColumnType.NVarChar, header.BackupName), ("BackupDescription", SqlColumnType.NVarChar, header.Description),
                ("BackupType", SqlColumnType.SmallInt, (short)1), ("ExpirationDate", SqlColumnType.DateTime, null),
                ("Compressed", SqlColumnType.Bit, header.Compressed), ("Position", SqlColumnType.SmallInt, (short)1), ("DeviceType", SqlColumnType.TinyInt, (byte)2),
                ("UserName", SqlColumnType.NVarChar, State.Facts.Login), ("ServerName", SqlColumnType.NVarChar, header.ServerName),
                ("DatabaseName", SqlColumnType.NVarChar, header.DatabaseName), ("DatabaseVersion", SqlColumnType.Int, 869),
                ("DatabaseCreationDate", SqlColumnType.DateTime, header.DatabaseCreationDate), ("BackupSize", SqlColumnType.Numeric, (decimal)size),
                ("FirstLSN", SqlColumnType.Numeric, header.FirstLsn), ("LastLSN", SqlColumnType.Numeric, header.LastLsn),
                ("CheckpointLSN", SqlColumnType.Numeric, header.CheckpointLsn), ("DatabaseBackupLSN", SqlColumnType.Numeric, header.DatabaseBackupLsn),
                ("BackupStartDate", SqlColumnType.DateTime, header.BackupStart.UtcDateTime), ("BackupFinishDate", SqlColumnType.DateTime, header.BackupFinish.UtcDateTime),
                ("SortOrder", SqlColumnType.SmallInt, (short)52), ("CodePage", SqlColumnType.SmallInt, (short)0), ("UnicodeLocaleId", SqlColumnType.Int, 1033),
                ("UnicodeComparisonStyle", SqlColumnType.Int, 196609), ("CompatibilityLevel", SqlColumnType.TinyInt, (byte)(version.Major * 10)),
                ("SoftwareVendorId", SqlColumnType.Int, 4608), ("SoftwareVersionMajor", SqlColumnType.Int, version.Major),
                ("SoftwareVersionMinor", SqlColumnType.Int, version.Minor), ("SoftwareVersionBuild", SqlColumnType.Int, Math.Max(version.Build, 0)),
                ("MachineName", SqlColumnType.NVarChar, header.ServerName), ("Flags", SqlColumnType.Int, header.HasChecksums ? 528 : 512),
                ("Collation", SqlColumnType.NVarChar, "SQL_Latin1_General_CP1_CI_AS"), ("IsSnapshot", SqlColumnType.Bit, false),
                ("IsReadOnly", SqlColumnType.Bit, false), ("IsSingleUser", SqlColumnType.Bit, header.UserAccess == "SINGLE_USER"),
                ("HasBackupChecksums", SqlColumnType.Bit, header.HasChecksums), ("IsDamaged", SqlColumnType.Bit, false),
                ("BeginsLogChain", SqlColumnType.Bit, false), ("IsCopyOnly", SqlColumnType.Bit, header.IsCopyOnly),
                ("RecoveryModel", SqlColumnType.NVarChar, header.RecoveryModel), ("DifferentialBaseLSN", SqlColumnType.Numeric, header.DatabaseBackupLsn),
                ("BackupTypeDescription", SqlColumnType.NVarChar, "Database"), ("CompressedBackupSize", SqlColumnType.BigInt, size),
                ("Containment", SqlColumnType.TinyInt, (byte)0),
            ];
            response.Result(new SqlResultSet(columns.Select(c => new SqlColumn(c.Name, c.Type)).ToList(), [columns.Select(c => c.Value).ToArray()]));
        }

        private (string Path, Dictionary<string, object?> Options) FromDisk(string[] allowed)
        {
            parser.Expect("FROM", "DISK");
            parser.ExpectSymbol("=");
            var path = parser.StringValue();
            return (path, Options(allowed));
        }

        private (BackupHeader Header, SqlDatabaseContent? Content, BackupFileProblem Problem) ReadBackup(string path, string statement)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var (code, text) = e is FileNotFoundException or DirectoryNotFoundException ? (2, "The system cannot find the file specified.") : (5, "Access is denied.");
                throw SqlStatementException.Terminating(statement, CannotOpen(path, code, text));
            }

            var (header, content, problem) = BackupFile.Read(bytes);
            return header is null
                ? throw SqlStatementException.Terminating(statement, SqlMessage.Error(3241, "The media family on device '" + path + "' is incorrectly formed. SQL Server cannot process this media family."))
                : (header, content, problem);
        }

        private Dictionary<string, object?> Options(string[] allowed)
        {
            var options = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (!parser.Accept("WITH"))
            {
                parser.EndStatement();
                return options;
            }

            do
            {
                var token = parser.Next();
                if (token.Kind != SqlTokenKind.Word || !allowed.Any(token.Is))
                {
                    throw parser.NotUnderstood(token);
                }

                options[token.Text] = parser.AcceptSymbol("=") ? parser.Value() : null;
            }
            while (parser.AcceptSymbol(","));
            parser.EndStatement();
            return options;
        }

        private void RequireOctopusDatabase(string database, string statement)
        {
            if (!endpoint.IsUserDatabase(database))
            {
                throw SqlStatementException.Terminating(statement, SqlMessage.Error(911, "Database '" + database + "' does not exist. Make sure that the name is entered correctly."));
            }
        }

        private static int Stats(Dictionary<string, object?> options) =>
            options.TryGetValue("STATS", out var value)
                ? value is null ? 10 : Math.Clamp(Convert.ToInt32(value, CultureInfo.InvariantCulture), 1, 100)
                : 0;

        private static SqlMessage CannotOpen(string path, int code, string text) =>
            SqlMessage.Error(3201, "Cannot open backup device '" + path + "'. Operating system error " + code.ToString(CultureInfo.InvariantCulture) + "(" + text + ").");

        // Waits out the simulated duration a percent at a time, sending "N percent processed." at each STATS step; faults
        // (a dropped connection, a check per percent) act at their percent.
        private async Task ProgressAsync(int stats, long pages, Action<int> checkAt, CancellationToken cancellationToken)
        {
            var drop = endpoint.Faults.TakeDropPercent();
            var perPercent = Duration(pages) / 100;
            for (var percent = 1; percent <= 100; percent++)
            {
                await endpoint.DelayAsync(perPercent, endpoint.Faults.PerPercentDelay, cancellationToken).ConfigureAwait(false);
                checkAt(percent);
                if (drop == percent)
                {
                    session.Kill();
                    throw new IOException("The sandbox dropped the connection mid-backup (injected fault).");
                }

                if (stats > 0 && percent % stats == 0)
                {
                    response.Message(SqlMessage.Info(3211, percent.ToString(CultureInfo.InvariantCulture) + " percent processed."));
                    await response.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private TimeSpan Duration(long pages) => TimeSpan.FromSeconds(pages * 8192.0 / (State.Facts.MegabytesPerSecond * 1024 * 1024));

        private void ProcessedMessages(string statement, long pages)
        {
            var logPages = Math.Max(pages / 10, 1);
            var dataPages = pages - logPages;
            var name = State.DatabaseName;
            response.Message(SqlMessage.Info(4035, "Processed " + dataPages.ToString(CultureInfo.InvariantCulture) + " pages for database '" + name + "', file '" + name + "' on file 1."));
            response.Message(SqlMessage.Info(4035, "Processed " + logPages.ToString(CultureInfo.InvariantCulture) + " pages for database '" + name + "', file '" + name + "_log' on file 1."));
            var seconds = Duration(pages).TotalSeconds;
            var rate = pages * 8192.0 / 1024 / 1024 / Math.Max(seconds, 0.001);
            response.Message(SqlMessage.Info(3014, statement + " successfully processed " + pages.ToString(CultureInfo.InvariantCulture) + " pages in "
                + seconds.ToString("0.000", CultureInfo.InvariantCulture) + " seconds (" + rate.ToString("0.000", CultureInfo.InvariantCulture) + " MB/sec)."));
            response.StatementDone();
        }
    }
}
