using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>BACKUP, RESTORE VERIFYONLY|HEADERONLY|DATABASE and ALTER DATABASE through SqlClient, their faults and their files on disk.</summary>
    public sealed class SqlBackupTests
    {
        private const string Backup = "BACKUP DATABASE [OctopusDeploy] TO DISK = @path WITH COPY_ONLY, CHECKSUM, INIT, STATS = 10";

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Backup_verify_header_only_and_restore_round_trip(bool encrypt)
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var path = sandbox.BackupPath();
            var scripts = sandbox.Sql.SchemaScripts;
            var pages = sandbox.Sql.Facts.SizeBytes / 8192;

            var backup = await sandbox.ExecuteAsync(Backup, encrypt, parameters: ("@path", path));
            var verify = await sandbox.ExecuteAsync("RESTORE VERIFYONLY FROM DISK = @path WITH CHECKSUM", encrypt, parameters: ("@path", path));
            var header = Assert.Single(await sandbox.QueryAsync("RESTORE HEADERONLY FROM DISK = N'" + path.Replace("'", "''", StringComparison.Ordinal) + "'", encrypt));

            Assert.Equal(Enumerable.Range(1, 10).Select(i => (i * 10) + " percent processed."), backup.Take(10));
            Assert.Equal("Processed " + (pages - (pages / 10)) + " pages for database 'OctopusDeploy', file 'OctopusDeploy' on file 1.", backup[10]);
            Assert.Equal("Processed " + (pages / 10) + " pages for database 'OctopusDeploy', file 'OctopusDeploy_log' on file 1.", backup[11]);
            Assert.Matches(@"^BACKUP DATABASE successfully processed " + pages + @" pages in \d+\.\d{3} seconds \(\d+\.\d{3} MB/sec\)\.$", backup[12]);
            Assert.Equal(["The backup set on file 1 is valid."], verify);
            Assert.Equal("OctopusDeploy", header["DatabaseName"]);
            Assert.Equal((short)1, header["BackupType"]);
            Assert.Equal(true, header["IsCopyOnly"]);
            Assert.Equal(true, header["HasBackupChecksums"]);
            Assert.Equal(14, header["SoftwareVersionMajor"]);
            Assert.Equal((decimal)new FileInfo(path).Length, header["BackupSize"]);
            Assert.True((decimal)header["FirstLSN"]! < (decimal)header["LastLSN"]!);
            Assert.True((DateTime)header["BackupStartDate"]! <= (DateTime)header["BackupFinishDate"]!);

            // Change the database after the backup, then put the backup back.
            sandbox.Sql.AddCustomObject(new SqlObjectDescription { Name = "AddedLater" });
            var restore = await sandbox.ExecuteAsync(
                "ALTER DATABASE [OctopusDeploy] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; RESTORE DATABASE [OctopusDeploy] FROM DISK = @path WITH REPLACE, CHECKSUM, STATS = 25; ALTER DATABASE [OctopusDeploy] SET MULTI_USER",
                encrypt, "master", ("@path", path));

            Assert.Equal(["25 percent processed.", "50 percent processed.", "75 percent processed.", "100 percent processed."], restore.Take(4));
            Assert.StartsWith("RESTORE DATABASE successfully processed " + pages + " pages in ", restore[^1], StringComparison.Ordinal);
            Assert.Equal(scripts, sandbox.Sql.SchemaScripts);
            var objects = await sandbox.QueryAsync("SELECT name FROM sys.objects WHERE name = N'AddedLater'", encrypt);
            Assert.Empty(objects);
            var database = Assert.Single(await sandbox.QueryAsync("SELECT state_desc, user_access_desc FROM sys.databases WHERE name = N'OctopusDeploy'", encrypt));
            Assert.Equal("ONLINE", database["state_desc"]);
            Assert.Equal("MULTI_USER", database["user_access_desc"]);
        }

        [Fact]
        public async Task A_copy_only_backup_leaves_the_differential_base_alone()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            await sandbox.ExecuteAsync("BACKUP DATABASE [OctopusDeploy] TO DISK = @path WITH INIT", parameters: ("@path", sandbox.BackupPath("full.bak")));
            await sandbox.ExecuteAsync(Backup, parameters: ("@path", sandbox.BackupPath("copy.bak")));

            var full = Assert.Single(await sandbox.QueryAsync("RESTORE HEADERONLY FROM DISK = @path", parameters: ("@path", sandbox.BackupPath("full.bak"))));
            var copy = Assert.Single(await sandbox.QueryAsync("RESTORE HEADERONLY FROM DISK = @path", parameters: ("@path", sandbox.BackupPath("copy.bak"))));

            Assert.Equal(false, full["IsCopyOnly"]);
            Assert.Equal(false, full["HasBackupChecksums"]);
            Assert.Equal(full["CheckpointLSN"], copy["DatabaseBackupLSN"]);
        }

        [Fact]
        public async Task Quoted_names_and_paths_cannot_inject()
        {
            const string name = "Oct]o'pus";
            await using var sandbox = await SqlSandbox.StartAsync(configure: d => d.Sql!.DatabaseName = name);
            var path = sandbox.BackupPath("it's here.bak");

            await sandbox.ExecuteAsync("BACKUP DATABASE [Oct]]o'pus] TO DISK = N'" + path.Replace("'", "''", StringComparison.Ordinal) + "' WITH COPY_ONLY, CHECKSUM, INIT", database: "master");
            await sandbox.ExecuteAsync("BACKUP DATABASE @db TO DISK = @path WITH COPY_ONLY, INIT", database: "master", parameters: [("@db", name), ("@path", path + "2")]);
            var header = Assert.Single(await sandbox.QueryAsync("RESTORE HEADERONLY FROM DISK = @path", database: "master", parameters: ("@path", path)));
            var database = Assert.Single(await sandbox.QueryAsync("SELECT name FROM sys.databases WHERE name = N'Oct]o''pus'", database: "master"));
            var wrongQuoting = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("BACKUP DATABASE [Oct]o'pus] TO DISK = N'x' WITH INIT", database: "master"));

            await using var connection = new SqlConnection(sandbox.Server.SqlConnectionString);
            await connection.OpenAsync();
            await using var current = new SqlCommand("SELECT DB_NAME() AS CurrentDatabase", connection);

            Assert.Equal(name, await current.ExecuteScalarAsync());
            Assert.Equal(name, header["DatabaseName"]);
            Assert.Equal(name, database["name"]);
            Assert.True(File.Exists(path + "2"));
            Assert.Contains(wrongQuoting.Number, new[] { 102, 105 });
        }

        [Fact]
        public async Task A_corrupted_backup_is_caught_by_verify_only_and_by_restore()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var path = sandbox.BackupPath();
            await sandbox.ExecuteAsync(Backup, parameters: ("@path", path));
            var bytes = await File.ReadAllBytesAsync(path);
            var at = Array.LastIndexOf(bytes, (byte)'S', bytes.Length - 80);
            bytes[at] = (byte)'T';
            await File.WriteAllBytesAsync(path, bytes);

            var verify = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("RESTORE VERIFYONLY FROM DISK = @path WITH CHECKSUM", parameters: ("@path", path)));
            var restore = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("RESTORE DATABASE [OctopusDeploy] FROM DISK = @path WITH REPLACE, CHECKSUM, STATS = 10", database: "master", parameters: ("@path", path)));

            Assert.Equal([3189, 3013], verify.Errors.Cast<SqlError>().Where(e => e.Class > 10).Select(e => e.Number));
            Assert.Equal("VERIFY DATABASE is terminating abnormally.", verify.Errors[1].Message);
            Assert.Equal([3183, 3013], restore.Errors.Cast<SqlError>().Where(e => e.Class > 10).Select(e => e.Number));
            // A restore that failed part-way leaves the database RESTORING, as SQL Server does.
            var state = Assert.Single(await sandbox.QueryAsync("SELECT state_desc FROM sys.databases WHERE name = N'OctopusDeploy'", database: "master"));
            Assert.Equal("RESTORING", state["state_desc"]);
        }

        [Theory]
        [InlineData("RESTORE VERIFYONLY FROM DISK = @path", 3241)]
        [InlineData("RESTORE HEADERONLY FROM DISK = @path", 3241)]
        [InlineData("RESTORE DATABASE [OctopusDeploy] FROM DISK = @path WITH REPLACE", 3241)]
        public async Task A_file_that_is_not_a_backup_is_incorrectly_formed(string sql, int number)
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var path = sandbox.BackupPath("notes.txt");
            await File.WriteAllTextAsync(path, "not a backup");

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync(sql, database: "master", parameters: ("@path", path)));
            var missing = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync(sql, database: "master", parameters: ("@path", path + ".missing")));

            Assert.Equal(number, error.Number);
            Assert.Equal(3013, error.Errors[1].Number);
            Assert.Equal("Cannot open backup device '" + path + ".missing'. Operating system error 2(The system cannot find the file specified.).", missing.Message.Split('\n')[0].TrimEnd('\r'));
            Assert.Equal("ONLINE", sandbox.Sql.State);
        }

        [Fact]
        public async Task Cancelling_a_backup_is_acknowledged_and_leaves_no_file()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            sandbox.Server.Faults.Sql.SlowBackup(TimeSpan.FromMilliseconds(200));
            var path = sandbox.BackupPath();
            await using var connection = await sandbox.OpenAsync();
            connection.FireInfoMessageEventOnUserErrors = true;
            var firstProgress = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.InfoMessage += (_, e) => firstProgress.TrySetResult(e.Message);
            using var cancel = new CancellationTokenSource();
            await using var command = new SqlCommand(Backup.Replace("STATS = 10", "STATS = 1", StringComparison.Ordinal), connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("@path", path);

            // SqlClient sends no attention for an async command once an INFO message has arrived (dotnet/SqlClient#4424), so
            // a cancellable BACKUP runs synchronously on a worker thread with Cancel registered on the token.
            using var registration = cancel.Token.Register(command.Cancel);
            var running = Task.Run(() => command.ExecuteNonQuery());
            Assert.Equal("1 percent processed.", await firstProgress.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            await cancel.CancelAsync();
            var stopped = await Assert.ThrowsAnyAsync<Exception>(() => running);

            Assert.Contains("Operation cancelled by user.", Assert.IsType<SqlException>(stopped).Message, StringComparison.Ordinal);
            Assert.False(File.Exists(path));
            Assert.Empty(Directory.GetFiles(sandbox.BackupFolder));
            // The attention was acknowledged: the same connection goes on working.
            await using var next = new SqlCommand("SELECT SERVERPROPERTY('ProductVersion')", connection);
            Assert.Equal("14.0.3030.27", await next.ExecuteScalarAsync());
        }

        [Fact]
        public async Task A_denied_backup_device_is_error_3201_then_3013()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            sandbox.Server.Faults.Sql.DenyBackupDevice();
            var path = sandbox.BackupPath();

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync(Backup, parameters: ("@path", path)));
            var retried = await sandbox.ExecuteAsync(Backup, parameters: ("@path", path));

            Assert.Equal(3201, error.Number);
            Assert.Equal(16, error.Class);
            Assert.Equal("Cannot open backup device '" + path + "'. Operating system error 5(Access is denied.).", error.Errors[0].Message);
            Assert.Equal(3013, error.Errors[1].Number);
            Assert.Equal("BACKUP DATABASE is terminating abnormally.", error.Errors[1].Message);
            Assert.StartsWith("BACKUP DATABASE successfully processed", retried[^1], StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_full_backup_volume_is_error_3202_and_leaves_no_file()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            sandbox.Server.Faults.Sql.FillBackupVolume();
            var path = sandbox.BackupPath();
            var progress = new List<string>();

            var error = await Assert.ThrowsAsync<SqlException>(async () =>
            {
                await using var connection = await sandbox.OpenAsync();
                connection.InfoMessage += (_, e) => progress.Add(e.Message);
                await using var command = new SqlCommand(Backup, connection);
                command.Parameters.AddWithValue("@path", path);
                await command.ExecuteNonQueryAsync();
            });

            Assert.Equal([3202, 3013], error.Errors.Cast<SqlError>().Where(e => e.Class > 10).Select(e => e.Number));
            Assert.Equal("Write on '" + path + "' failed: 112(There is not enough space on the disk.)", error.Errors[0].Message);
            Assert.Empty(Directory.GetFiles(sandbox.BackupFolder));
        }

        [Fact]
        public async Task A_disconnect_mid_backup_leaves_no_file()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            sandbox.Server.Faults.Sql.DisconnectDuringBackup(40);
            var path = sandbox.BackupPath();

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync(Backup, parameters: ("@path", path)));

            Assert.Contains("transport-level error", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(Directory.GetFiles(sandbox.BackupFolder));
        }

        [Fact]
        public async Task A_restore_that_loses_its_connection_leaves_the_database_restoring()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var path = sandbox.BackupPath();
            await sandbox.ExecuteAsync(Backup, parameters: ("@path", path));
            sandbox.Server.Faults.Sql.DisconnectDuringBackup(60);

            await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("RESTORE DATABASE [OctopusDeploy] FROM DISK = @path WITH REPLACE, CHECKSUM, STATS = 10", database: "master", parameters: ("@path", path)));
            var restoring = Assert.Single(await sandbox.QueryAsync("SELECT state_desc FROM sys.databases WHERE name = N'OctopusDeploy'", database: "master"));
            var blocked = await Assert.ThrowsAsync<SqlException>(() => sandbox.QueryAsync("SELECT ScriptName FROM dbo.SchemaVersions", database: null));
            await sandbox.ExecuteAsync("RESTORE DATABASE [OctopusDeploy] FROM DISK = @path WITH REPLACE, CHECKSUM", database: "master", parameters: ("@path", path));

            Assert.Equal("RESTORING", restoring["state_desc"]);
            Assert.Equal(927, blocked.Number);
            Assert.Equal("ONLINE", sandbox.Sql.State);
        }

        [Fact]
        public async Task Azure_sql_database_refuses_backup_to_disk()
        {
            await using var sandbox = await SqlSandbox.StartAsync(configure: SqlQueryTests.AzureSql);

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync(Backup, parameters: ("@path", sandbox.BackupPath())));

            Assert.Equal(40510, error.Number);
            Assert.Equal("Statement 'BACKUP DATABASE' is not supported in this version of SQL Server.", error.Message);
            Assert.Empty(Directory.GetFiles(sandbox.BackupFolder));
        }

        [Fact]
        public async Task Express_edition_refuses_compression()
        {
            await using var sandbox = await SqlSandbox.StartAsync(EstatePresets.V3);

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync(Backup + ", COMPRESSION", parameters: ("@path", sandbox.BackupPath())));

            Assert.Equal(1844, error.Number);
            Assert.Equal("BACKUP DATABASE WITH COMPRESSION is not supported on Express Edition (64-bit).", error.Errors[0].Message);
        }

        [Fact]
        public async Task Restore_needs_exclusive_access_which_single_user_takes()
        {
            await using var sandbox = await SqlSandbox.StartAsync();
            var path = sandbox.BackupPath();
            await sandbox.ExecuteAsync(Backup, parameters: ("@path", path));
            await using var other = await sandbox.OpenAsync();

            var busy = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("RESTORE DATABASE [OctopusDeploy] FROM DISK = @path WITH REPLACE", database: "master", parameters: ("@path", path)));
            var noWait = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("ALTER DATABASE [OctopusDeploy] SET SINGLE_USER WITH NO_WAIT", database: "master"));
            var single = await sandbox.ExecuteAsync("ALTER DATABASE [OctopusDeploy] SET SINGLE_USER WITH ROLLBACK IMMEDIATE", database: "master");
            await sandbox.ExecuteAsync("RESTORE DATABASE [OctopusDeploy] FROM DISK = @path WITH REPLACE, CHECKSUM", database: "master", parameters: ("@path", path));

            Assert.Equal([3101, 3013], busy.Errors.Cast<SqlError>().Where(e => e.Class > 10).Select(e => e.Number));
            Assert.Equal([5061, 5069], noWait.Errors.Cast<SqlError>().Where(e => e.Class > 10).Select(e => e.Number));
            Assert.Equal(["Nonqualified transactions are being rolled back. Estimated rollback completion: 100%."], single);
            await using var query = new SqlCommand("SELECT DB_NAME()", other);
            await Assert.ThrowsAnyAsync<Exception>(() => query.ExecuteScalarAsync());
        }

        [Fact]
        public async Task Without_replace_a_full_recovery_database_asks_for_the_tail_of_the_log()
        {
            await using var sandbox = await SqlSandbox.StartAsync(EstatePresets.Current);
            var path = sandbox.BackupPath();
            await sandbox.ExecuteAsync(Backup, parameters: ("@path", path));

            var error = await Assert.ThrowsAsync<SqlException>(() => sandbox.ExecuteAsync("RESTORE DATABASE [OctopusDeploy] FROM DISK = @path", database: "master", parameters: ("@path", path)));

            Assert.Equal(3159, error.Number);
        }
    }
}
