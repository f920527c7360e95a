using System;
using System.IO;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Sessions
{
    /// <summary>
    /// What New-OctopusUpgradeSession must refuse before it creates anything, each with its own error id, and
    /// without repeating a secret in the message or its target, even one masked only by the request's own masker.
    /// </summary>
    public sealed class SessionInputRefusalTests : IDisposable
    {
        private const string ApiKeyText = "API-ABCDEFGHIJKLMNOPQRSTUVWXYZ12";
        private const string SqlPasswordText = "Sup3r-Secret!Pass";
        private readonly TempFolder _folder = new();

        public SessionInputRefusalTests()
        {
            Directory.CreateDirectory(_folder.Combine("Octopus"));
            File.WriteAllText(_folder.Combine("a-file.txt"), "not a folder");
        }

        public void Dispose() => _folder.Dispose();

        public static TheoryData<string, string> Refusals() => new()
        {
            { "missing install folder", "SessionInstallPathNotFound" },
            { "install folder is a file", "SessionInstallPathIsFile" },
            { "missing home folder", "SessionHomePathNotFound" },
            { "home folder is a file", "SessionHomePathIsFile" },
            { "server with a line break", "SessionServerHasControlCharacter" },
            { "server with a tab inside", "SessionServerHasControlCharacter" },
            { "file URI", "SessionServerSchemeUnsupported" },
            { "api key with CR LF", "SessionApiKeyInvalidCharacter" },
            { "api key with a NUL", "SessionApiKeyInvalidCharacter" },
            { "api key with a non-ASCII letter", "SessionApiKeyInvalidCharacter" },
            { "instance name with a line break", "SessionInstanceNameInvalid" },
            { "instance name with a colon", "SessionInstanceNameInvalid" },
            { "misspelt password keyword", "SessionSqlConnectionStringKeywordUnknown" },
        };

        [Theory]
        [MemberData(nameof(Refusals))]
        public void Hostile_input_is_refused_with_its_own_error_and_no_secret(string input, string errorId)
        {
            var request = Hostile(input);

            var checking = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Check(request));
            var creating = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Create(request, TimeProvider.System));

            Assert.Equal((errorId, errorId), (checking.ErrorId, creating.ErrorId));
            var masker = UpgradeSession.MaskerFor(request);
            foreach (var text in new[] { creating.Message, creating.Target?.ToString() ?? string.Empty })
            {
                Assert.DoesNotContain(SqlPasswordText, masker.Mask(text), StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("ABCDEFGHIJKLMNOPQRSTUVWXYZ12", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
            }

            Assert.False(File.Exists(_folder.Combine("journal.json")));
        }

        [Fact]
        public void A_file_uri_is_called_not_an_http_address()
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Check(Valid() with { Server = "file:///etc/passwd" }));

            Assert.Contains("is not an http(s) address", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Existing_folders_are_accepted()
        {
            var session = UpgradeSession.Create(Valid() with { HomePath = _folder.Combine("Octopus"), InstallPath = _folder.Path }, TimeProvider.System);

            Assert.Equal((_folder.Combine("Octopus"), _folder.Path), (session.HomePath, session.InstallPath));
        }

        [Fact]
        public void The_value_of_a_misspelt_password_keyword_is_masked_and_never_repeated()
        {
            var request = Valid() with { SqlConnectionString = "Server=sql01;User ID=octo;Passwd=" + SqlPasswordText };

            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Check(request));

            Assert.Contains("'Passwd'", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(SqlPasswordText, error.Message, StringComparison.Ordinal);
            Assert.Equal("x ******** y", UpgradeSession.MaskerFor(request).Mask("x " + SqlPasswordText + " y"));
        }

        [Theory]
        [InlineData("Server=sql01;User ID=octo;Password=" + SqlPasswordText)]
        [InlineData("Server=sql01;User ID=octo;Pwd='" + SqlPasswordText + "'")]
        [InlineData("Server='sql01;Password=" + SqlPasswordText)]
        public void An_error_raised_before_the_session_exists_does_not_echo_the_sql_password(string connectionString)
        {
            // The target version is checked after the connection string, and here it is the password itself.
            var request = Valid() with { SqlConnectionString = connectionString, TargetVersion = SqlPasswordText };

            var error = Assert.Throws<OctopusUpgradeException>(() => UpgradeSession.Check(request));

            var masker = UpgradeSession.MaskerFor(request);
            Assert.DoesNotContain(SqlPasswordText, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(SqlPasswordText, masker.Mask(error.Target?.ToString()), StringComparison.Ordinal);
            Assert.DoesNotContain(SqlPasswordText, masker.Mask("The server echoed " + SqlPasswordText.ToLowerInvariant()), StringComparison.OrdinalIgnoreCase);
        }

        private SessionRequest Valid() => new()
        {
            Server = "https://octopus.example.com",
            ApiKey = new Secret(ApiKeyText),
            JournalPath = _folder.Combine("journal.json"),
        };

        private SessionRequest Hostile(string input) => input switch
        {
            "missing install folder" => Valid() with { InstallPath = _folder.Combine("no-such-folder") },
            "install folder is a file" => Valid() with { InstallPath = _folder.Combine("a-file.txt") },
            "missing home folder" => Valid() with { HomePath = _folder.Combine("no-such-folder") },
            "home folder is a file" => Valid() with { HomePath = _folder.Combine("a-file.txt") },
            "server with a line break" => Valid() with { Server = "https://octopus.example.com/\nX-Injected: 1" },
            "server with a tab inside" => Valid() with { Server = "https://octo\tpus.example.com/" },
            "file URI" => Valid() with { Server = "file:///etc/passwd" },
            "api key with CR LF" => Valid() with { ApiKey = new Secret(ApiKeyText + "\r\n") },
            "api key with a NUL" => Valid() with { ApiKey = new Secret(ApiKeyText + "\0") },
            "api key with a non-ASCII letter" => Valid() with { ApiKey = new Secret(ApiKeyText + "é") },
            "instance name with a line break" => Valid() with { InstanceName = "Octopus\nServer" },
            "instance name with a colon" => Valid() with { InstanceName = "Octopus:Server" },
            "misspelt password keyword" => Valid() with { SqlConnectionString = "Server=sql01;User ID=octo;Password=x;Passwd=" + SqlPasswordText },
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
        };
    }
}
