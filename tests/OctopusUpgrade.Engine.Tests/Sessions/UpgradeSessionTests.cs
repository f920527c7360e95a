using System;
using System.IO;
using Newtonsoft.Json;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Tests.Support;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Tests.Sessions
{
    public sealed class UpgradeSessionTests : IDisposable
    {
        private const string ApiKeyText = "API-ABCDEFGHIJKLMNOPQRSTUVWXYZ12";
        private const string SqlPasswordText = "Sup3r-Secret!Pass";
        private readonly TempFolder _folder = new();

        public void Dispose() => _folder.Dispose();

        private SessionRequest Valid() => new()
        {
            Server = "https://octopus.example.com",
            ApiKey = new Secret(ApiKeyText),
            JournalPath = _folder.Combine("journal.json"),
        };

        [Theory]
        [InlineData(null, "SessionServerRequired")]
        [InlineData("   ", "SessionServerRequired")]
        [InlineData("octopus.example.com", "SessionServerNotAbsolute")]
        [InlineData("/api", "SessionServerNotAbsolute")]
        [InlineData("ftp://octopus.example.com/", "SessionServerSchemeUnsupported")]
        [InlineData("http://octopus.example.com/", "SessionInsecureHttp")]
        [InlineData("http://10.0.0.5:8080/", "SessionInsecureHttp")]
        [InlineData("https://user:pw@octopus.example.com/", "SessionServerHasExtras")]
        [InlineData("https://octopus.example.com/?apikey=API-X", "SessionServerHasExtras")]
        public void A_bad_server_address_is_refused_with_its_own_error(string? server, string errorId)
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { Server = server }, TimeProvider.System));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }

        [Theory]
        [InlineData("https://octopus.example.com", "https://octopus.example.com/")]
        [InlineData("https://octopus.example.com/octopus", "https://octopus.example.com/octopus/")]
        [InlineData("http://localhost:8065", "http://localhost:8065/")]
        [InlineData("http://127.0.0.1:8065/", "http://127.0.0.1:8065/")]
        [InlineData("http://[::1]:8065/", "http://[::1]:8065/")]
        public void A_good_server_address_is_kept_with_a_trailing_slash(string server, string expected)
        {
            var session = UpgradeSession.Create(Valid() with { Server = server }, TimeProvider.System);
            Assert.Equal(expected, session.Server.ToString());
        }

        [Fact]
        public void A_password_in_the_server_address_is_refused_without_being_repeated()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { Server = "https://admin:Hunter2pw@octopus.example.com/" }, TimeProvider.System));

            Assert.Equal("SessionServerHasExtras", error.ErrorId);
            Assert.DoesNotContain("Hunter2pw", error.Message + error.Target, StringComparison.Ordinal);
        }

        [Fact]
        public void Plain_http_to_another_machine_is_allowed_only_when_asked_for()
        {
            var refused = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { Server = "http://octopus.example.com" }, TimeProvider.System));
            var session = UpgradeSession.Create(Valid() with { Server = "http://octopus.example.com", AllowInsecureHttp = true }, TimeProvider.System);

            Assert.Equal(SessionErrorIds.InsecureHttp, refused.ErrorId);
            Assert.Equal(new Uri("http://octopus.example.com/"), session.Server);
        }

        [Fact]
        public void An_empty_api_key_is_refused()
        {
            var missing = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { ApiKey = null }, TimeProvider.System));
            Assert.Equal("SessionApiKeyEmpty", missing.ErrorId);
            var blank = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { ApiKey = new Secret("   ") }, TimeProvider.System));
            Assert.Equal("SessionApiKeyEmpty", blank.ErrorId);
        }

        [Theory]
        [InlineData("")]
        [InlineData("Octo/Server")]
        public void A_bad_instance_name_is_refused(string name)
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { InstanceName = name }, TimeProvider.System));
            Assert.Equal("SessionInstanceNameInvalid", error.ErrorId);
        }

        [Fact]
        public void A_journal_folder_that_cannot_be_created_is_refused_before_anything_else()
        {
            var file = _folder.Combine("a-file");
            File.WriteAllText(file, "not a folder");
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { JournalPath = Path.Combine(file, "journal.json") }, TimeProvider.System));
            Assert.Equal("SessionJournalFolderUnwritable", error.ErrorId);
            Assert.Equal(FailureCategory.PermissionDenied, error.Category);
        }

        [Theory]
        [InlineData("Server=sql01;Database=Octopus;Integrated Security=true", null, "sql01", "Octopus", true)]
        [InlineData("Data Source=sql01\\OCTO;Initial Catalog=Octopus;User ID=octo;Password=" + SqlPasswordText, null, "sql01\\OCTO", "Octopus", false)]
        [InlineData("Server=sql01;Database=Octopus", "octo", "sql01", "Octopus", false)]
        public void A_sql_connection_is_parsed_and_its_password_held_apart(string connectionString, string? loginUser, string server, string database, bool integrated)
        {
            var login = loginUser is null ? null : new SqlLogin(loginUser, new Secret(SqlPasswordText));
            var session = UpgradeSession.Create(Valid() with { SqlConnectionString = connectionString, SqlLogin = login }, TimeProvider.System);

            Assert.Equal(server, session.Sql!.Server);
            Assert.Equal(database, session.Sql.Database);
            Assert.Equal(integrated, session.Sql.IsIntegrated);
            Assert.DoesNotContain(SqlPasswordText, session.Sql.SafeConnectionString, StringComparison.Ordinal);
            if (!integrated)
            {
                Assert.Contains(SqlPasswordText, session.Sql.RevealConnectionString(), StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("Server=sql01;Database=Octopus", null, "SessionSqlAuthenticationMissing")]
        [InlineData("Database=Octopus;Integrated Security=true", null, "SessionSqlServerMissing")]
        [InlineData("Server=sql01;User ID=octo", null, "SessionSqlPasswordMissing")]
        [InlineData("Server=sql01;Integrated Security=SSPI", "octo", "SessionSqlCredentialConflict")]
        [InlineData("Server='sql01;Password=" + SqlPasswordText, null, "SessionSqlConnectionStringInvalid")]
        [InlineData("", "octo", "SessionSqlConnectionStringEmpty")]
        public void A_bad_sql_connection_is_refused_without_echoing_the_password(string connectionString, string? loginUser, string errorId)
        {
            var login = loginUser is null ? null : new SqlLogin(loginUser, new Secret(SqlPasswordText));
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { SqlConnectionString = connectionString, SqlLogin = login }, TimeProvider.System));
            Assert.Equal(errorId, error.ErrorId);
            Assert.DoesNotContain(SqlPasswordText, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void No_secret_is_rendered_by_the_session_its_parts_or_its_journal()
        {
            var session = UpgradeSession.Create(
                Valid() with { SqlConnectionString = "Server=sql01;Database=Octopus;User ID=octo;Password=" + SqlPasswordText },
                TimeProvider.System);

            var renderings = new[]
            {
                session.ToString(),
                session.ApiKey.ToString(),
                JsonConvert.SerializeObject(session.ApiKey),
                JsonConvert.SerializeObject(session.Sql),
                JsonConvert.SerializeObject(session.Facts),
                File.ReadAllText(session.Journal.Path),
            };
            foreach (var text in renderings)
            {
                Assert.DoesNotContain(ApiKeyText, text, StringComparison.Ordinal);
                Assert.DoesNotContain(SqlPasswordText, text, StringComparison.Ordinal);
            }

            Assert.Equal(Secret.Mask, session.Masker.Mask(ApiKeyText));
            Assert.Equal("pw=" + Secret.Mask, session.Masker.Mask("pw=" + SqlPasswordText));
        }

        [Fact]
        public void A_sql_credential_with_an_empty_password_is_refused()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(
                Valid() with { SqlConnectionString = "Server=sql01;Database=Octopus", SqlLogin = new SqlLogin("octo", null) },
                TimeProvider.System));
            Assert.Equal("SessionSqlPasswordMissing", error.ErrorId);
        }

        [Fact]
        public void Checking_a_request_refuses_what_creating_would_and_writes_nothing()
        {
            var request = Valid();
            Assert.Same(request, UpgradeSession.Check(request));
            Assert.False(File.Exists(request.JournalPath));

            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Check(request with { Server = "http://octopus.example.com" }));
            Assert.Equal("SessionInsecureHttp", error.ErrorId);
        }

        [Theory]
        [InlineData("2018.10.0", "2018.10.0")]
        [InlineData(" 2024.3.12741 ", "2024.3.12741")]
        [InlineData(null, null)]
        public void A_target_version_is_parsed_as_a_version(string? given, string? expected)
        {
            var session = UpgradeSession.Create(Valid() with { TargetVersion = given }, TimeProvider.System);
            Assert.Equal(expected, session.TargetVersion?.ToString());
        }

        [Theory]
        [InlineData("latest")]
        [InlineData("2018.x")]
        public void A_target_version_that_is_not_a_version_is_refused(string given)
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(Valid() with { TargetVersion = given }, TimeProvider.System));
            Assert.Equal("SessionTargetVersionInvalid", error.ErrorId);
        }

        [Fact]
        public void A_secret_cannot_be_read_back_from_json()
        {
            Assert.Throws<JsonSerializationException>(() => JsonConvert.DeserializeObject<Secret>("\"API-123\""));
        }

        [Fact]
        public void Learned_facts_are_snapshots_that_steps_replace()
        {
            var session = UpgradeSession.Create(Valid(), TimeProvider.System);
            var before = session.Facts;
            session.Learn(f => f with { ServerVersion = OctopusVersion.Parse("2018.10.0"), MaintenanceModeAsFound = false });

            Assert.Null(before.ServerVersion);
            Assert.Equal(OctopusVersion.Parse("2018.10.0"), session.Facts.ServerVersion);
            Assert.False(session.Facts.MaintenanceModeAsFound);
        }

        [Fact]
        public void The_default_journal_lives_under_local_application_data()
        {
            var path = DefaultLocations.NewJournalPath("OctopusServer", new DateTimeOffset(2026, 11, 22, 3, 4, 5, TimeSpan.Zero), Guid.Empty);
            Assert.EndsWith(Path.Combine("OctopusUpgrade", "Journals", "20261122-030405-OctopusServer-00000000.json"), path, StringComparison.Ordinal);
        }
    }
}
