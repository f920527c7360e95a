using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Journal;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Engine.Versions;

namespace OctopusUpgrade.Engine.Sessions
{
    /// <summary>
    /// Everything the steps of one upgrade share: where the server and database are, how to log in, where the
    /// journal is, and what has been learned so far. Secrets are held as <see cref="Secret"/> and registered with
    /// the session's <see cref="Masker"/>; nothing here renders one. A session holds its journal's lock until it is
    /// disposed; then the journal can be reopened, in this process or another.
    /// </summary>
    public sealed class UpgradeSession : IDisposable
    {
        public const string DefaultInstanceName = "OctopusServer";

        /// <summary>What Windows refuses in a file name, refused on every platform: the instance name names files and a service there.</summary>
        private static readonly char[] InstanceNameForbidden = { '<', '>', ':', '"', '/', '\\', '|', '?', '*' };

        private readonly object _gate = new();
        private SessionFacts _facts;

        private UpgradeSession(UpgradeJournal journal, Uri server, Secret apiKey, SessionRequest request, SqlConnectionInfo? sql, OctopusVersion? targetVersion, SecretMasker masker, string? installPath, TimeProvider clock)
        {
            Id = journal.SessionId;
            Created = journal.Document.Created;
            _facts = journal.Document.Facts;
            Clock = clock;
            Server = server;
            ApiKey = apiKey;
            Space = request.Space;
            Sql = sql;
            InstanceName = request.InstanceName;
            InstallPath = installPath;
            HomePath = request.HomePath;
            TargetVersion = targetVersion;
            AllowInsecureHttp = request.AllowInsecureHttp;
            Masker = masker;
            Journal = journal;
        }

        public Guid Id { get; }

        /// <summary>The session's clock: every step times itself on it, and every time it gives is UTC.</summary>
        public TimeProvider Clock { get; }

        public DateTimeOffset Created { get; }

        public Uri Server { get; }

        public Secret ApiKey { get; }

        /// <summary>Space name or id as given; null for the server's default space.</summary>
        public string? Space { get; }

        public SqlConnectionInfo? Sql { get; }

        public string InstanceName { get; }

        /// <summary>The folder holding Octopus.Server.exe; null when unknown (steps that run Octopus tools then refuse).</summary>
        public string? InstallPath { get; }

        /// <summary>The Octopus home folder (C:\Octopus by default on a real server); null when not given.</summary>
        public string? HomePath { get; }

        /// <summary>The version the upgrade goes to, or null when the user did not say.</summary>
        public OctopusVersion? TargetVersion { get; }

        public bool AllowInsecureHttp { get; }

        public SecretMasker Masker { get; }

        public UpgradeJournal Journal { get; }

        public SessionFacts Facts
        {
            get
            {
                lock (_gate)
                {
                    return _facts;
                }
            }
        }

        /// <summary>Checks a request without creating anything (what -WhatIf shows). Every refusal has its own error id.</summary>
        public static SessionRequest Check(SessionRequest request)
        {
            Validate(request, MaskerFor(request));
            return request;
        }

        /// <summary>
        /// A masker that knows every secret in a request from the moment it is bound: the API key, the SQL login's
        /// password, and every password-like value in the connection string, even one that fails the checks.
        /// </summary>
        public static SecretMasker MaskerFor(SessionRequest request)
        {
            var masker = new SecretMasker();
            masker.Add(request?.ApiKey);
            masker.Add(request?.SqlLogin?.Password);
            SqlConnectionInfo.AddSecrets(request?.SqlConnectionString, masker);
            return masker;
        }

        /// <summary>Checks a request and creates the session and its journal. Every refusal has its own error id.</summary>
        /// <param name="request">What the user asked for.</param>
        /// <param name="clock">The session's clock; the system clock when null (tests pass a fake one).</param>
        public static UpgradeSession Create(SessionRequest request, TimeProvider? clock = null)
        {
            clock ??= TimeProvider.System;
            var masker = MaskerFor(request);
            var (server, instanceName, sql, targetVersion) = Validate(request, masker);
            var id = Guid.NewGuid();
            var now = clock.GetUtcNow();
            var journalPath = Path.GetFullPath(request.JournalPath ?? DefaultLocations.NewJournalPath(instanceName, now, id));
            PrepareJournalFolder(journalPath);
            var installPath = request.InstallPath is null ? DefaultLocations.InstalledServerFolder() : Path.GetFullPath(request.InstallPath);
            var checkedRequest = request with
            {
                InstanceName = instanceName,
                Space = string.IsNullOrWhiteSpace(request.Space) ? null : request.Space!.Trim(),
                InstallPath = installPath,
                HomePath = request.HomePath is null ? null : Path.GetFullPath(request.HomePath),
            };
            var journal = UpgradeJournal.Open(
                journalPath,
                new JournalDocument
                {
                    SessionId = id,
                    Created = now,
                    Server = server.ToString(),
                    InstanceName = instanceName,
                    Space = checkedRequest.Space,
                    SqlConnectionString = sql?.SafeConnectionString,
                    InstallPath = installPath,
                    HomePath = checkedRequest.HomePath,
                    TargetVersion = targetVersion,
                    AllowInsecureHttp = request.AllowInsecureHttp,
                },
                masker);

            return new UpgradeSession(journal, server, request.ApiKey!, checkedRequest, sql, targetVersion, masker, installPath, clock);
        }

        /// <summary>
        /// Opens the session a journal records: the same id, settings and facts, with the secrets given again. The
        /// journal's steps stay as they are; later steps are appended to it.
        /// </summary>
        /// <exception cref="OctopusUpgradeException">The journal's errors (unreadable, damaged, unknown format), or the session's checks.</exception>
        public static UpgradeSession Reopen(SessionReopenRequest request, TimeProvider? clock = null)
        {
            var (read, sessionRequest, masker) = ReadJournal(request);
            var (server, _, sql, targetVersion) = Validate(sessionRequest, masker);
            PrepareJournalFolder(read.Path);
            var journal = UpgradeJournal.Resume(read.Path, masker);
            return new UpgradeSession(journal, server, sessionRequest.ApiKey!, sessionRequest, sql, targetVersion, masker, sessionRequest.InstallPath, clock ?? TimeProvider.System);
        }

        /// <summary>Checks that a journal can be reopened with the secrets given, writing nothing (what -WhatIf shows).</summary>
        public static SessionReopenRequest CheckReopen(SessionReopenRequest request)
        {
            var (_, sessionRequest, masker) = ReadJournal(request);
            Validate(sessionRequest, masker);
            return request;
        }

        /// <summary>Records what a step learned, in the journal first (it is the source of truth), then for later readers.</summary>
        public void Learn(Func<SessionFacts, SessionFacts> update)
        {
            if (update is null)
            {
                throw new ArgumentNullException(nameof(update));
            }

            lock (_gate)
            {
                var next = update(_facts);
                if (next == _facts)
                {
                    // Learning what is already known (every -WhatIf reads the server version again) writes nothing.
                    return;
                }

                Journal.RecordFacts(next);
                _facts = next;
            }
        }

        /// <summary>Releases the journal's lock: nothing more is journalled in this session.</summary>
        public void Dispose() => Journal.Dispose();

        /// <summary>A description fit for logs: server and instance, never a secret.</summary>
        public override string ToString() => $"{Server} ({InstanceName})";

        private static (UpgradeJournal Journal, SessionRequest Request, SecretMasker Masker) ReadJournal(SessionReopenRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var masker = new SecretMasker();
            var journal = UpgradeJournal.Load(Path.GetFullPath(request.JournalPath));
            var document = journal.Document;
            var sessionRequest = new SessionRequest
            {
                Server = document.Server,
                ApiKey = request.ApiKey,
                Space = document.Space,
                SqlConnectionString = document.SqlConnectionString,
                SqlLogin = request.SqlLogin,
                InstanceName = document.InstanceName,
                InstallPath = document.InstallPath ?? DefaultLocations.InstalledServerFolder(),
                HomePath = document.HomePath,
                JournalPath = journal.Path,
                TargetVersion = document.TargetVersion?.ToString(),
                AllowInsecureHttp = document.AllowInsecureHttp,
            };
            return (journal, sessionRequest, masker);
        }

        private static (Uri Server, string InstanceName, SqlConnectionInfo? Sql, OctopusVersion? TargetVersion) Validate(SessionRequest request, SecretMasker masker)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var server = ParseServer(request.Server, request.AllowInsecureHttp);
            CheckApiKey(request.ApiKey);
            var instanceName = (request.InstanceName ?? string.Empty).Trim();
            if (instanceName.Length == 0 || instanceName.IndexOfAny(InstanceNameForbidden) >= 0 || instanceName.Any(char.IsControl))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.InstanceNameInvalid,
                    FailureCategory.InvalidArgument,
                    masker.Mask($"'{Printable(request.InstanceName)}' is not a valid Octopus instance name: it may not be empty or hold a line break, another control character or any of {new string(InstanceNameForbidden)} (Octopus.Server.exe list-instances shows the names)."),
                    masker.Mask(Printable(request.InstanceName)));
            }

            CheckFolder(request.InstallPath, "-InstallPath", (SessionErrorIds.InstallPathInvalid, SessionErrorIds.InstallPathIsFile, SessionErrorIds.InstallPathNotFound), "the folder holding Octopus.Server.exe");
            CheckFolder(request.HomePath, "-HomePath", (SessionErrorIds.HomePathInvalid, SessionErrorIds.HomePathIsFile, SessionErrorIds.HomePathNotFound), "the Octopus home folder (C:\\Octopus by default)");
            var sql = request.SqlConnectionString is null && request.SqlLogin is null
                ? null
                : SqlConnectionInfo.Parse(request.SqlConnectionString ?? string.Empty, request.SqlLogin, masker);
            OctopusVersion? targetVersion = null;
            if (!string.IsNullOrWhiteSpace(request.TargetVersion) && !OctopusVersion.TryParse(request.TargetVersion!.Trim(), out targetVersion))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.TargetVersionInvalid,
                    FailureCategory.InvalidArgument,
                    masker.Mask($"'{Printable(request.TargetVersion)}' is not an Octopus Server version: give it as the release names it, such as 2018.10.0 or 2024.3.12741."),
                    masker.Mask(Printable(request.TargetVersion)));
            }

            return (server, instanceName, sql, targetVersion);
        }

        private static Uri ParseServer(string? text, bool allowInsecureHttp)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new OctopusUpgradeException(SessionErrorIds.ServerRequired, FailureCategory.InvalidArgument, "-Server is required: give the Octopus Server's address, such as https://octopus.example.com/.");
            }

            var controlAt = IndexOfControl(text!);
            if (controlAt >= 0)
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.ServerHasControlCharacter,
                    FailureCategory.InvalidArgument,
                    $"-Server holds a line break or another control character (at position {controlAt + 1}). Give the address alone, such as https://octopus.example.com/.");
            }

            // On Linux and macOS "/api" parses as an absolute file URI: only text that names a scheme is one.
            if (!Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var uri) || (uri.IsFile && !text.TrimStart().StartsWith(Uri.UriSchemeFile + ":", StringComparison.OrdinalIgnoreCase)))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.ServerNotAbsolute,
                    FailureCategory.InvalidArgument,
                    $"'{text}' is not an absolute URI. Give the full address with its scheme, such as https://octopus.example.com/.",
                    text);
            }

            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.ServerSchemeUnsupported,
                    FailureCategory.InvalidArgument,
                    $"'{text}' is not an http(s) address: it uses the '{uri.Scheme}' scheme, and the Octopus API is reached over https (or http).",
                    text);
            }

            if (string.IsNullOrEmpty(uri.Host))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.ServerNotAbsolute,
                    FailureCategory.InvalidArgument,
                    $"'{text}' names no host. Give the full address, such as https://octopus.example.com/.",
                    text);
            }

            if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.ServerHasExtras,
                    FailureCategory.InvalidArgument,
                    "-Server must be the server's base address only: no user name, query string or fragment (pass the API key with -ApiKey).",
                    uri.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped));
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !allowInsecureHttp && !IsLoopback(uri))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.InsecureHttp,
                    FailureCategory.InvalidArgument,
                    $"'{uri}' is plain http to another machine, so the API key would cross the network unencrypted. Use https, or add -AllowInsecureHttp if you accept that.",
                    uri);
            }

            // The API's links are relative to the base, so the base always ends with a slash.
            return uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri + "/");
        }

        /// <summary>
        /// The key goes into an HTTP header: a line break there is refused by .NET only at the first request, and a
        /// character outside printable ASCII is no Octopus key. The message says where, never what.
        /// </summary>
        private static void CheckApiKey(Secret? apiKey)
        {
            if (apiKey is null || string.IsNullOrWhiteSpace(apiKey.Reveal()))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.ApiKeyEmpty,
                    FailureCategory.InvalidArgument,
                    "The API key is empty. Create one under your Octopus user profile (API Keys) and pass it as a SecureString with -ApiKey.");
            }

            var key = apiKey.Reveal();
            for (var i = 0; i < key.Length; i++)
            {
                if (key[i] < 0x20 || key[i] > 0x7E)
                {
                    throw new OctopusUpgradeException(
                        SessionErrorIds.ApiKeyInvalidCharacter,
                        FailureCategory.InvalidArgument,
                        $"The API key holds a character that cannot be part of one (a line break, another control character or a non-ASCII character) at position {i + 1} of {key.Length}. Copy the key again from your Octopus user profile (API Keys); Octopus keys are 'API-' followed by letters and digits.");
                }
            }
        }

        /// <summary>A folder given by the user must exist and be a folder: a typo found now costs nothing, found after a copy it costs the copy.</summary>
        private static void CheckFolder(string? path, string parameter, (string Invalid, string IsFile, string NotFound) errorIds, string what)
        {
            if (path is null)
            {
                return;
            }

            if (IndexOfControl(path) >= 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                throw new OctopusUpgradeException(
                    errorIds.Invalid,
                    FailureCategory.InvalidArgument,
                    $"{parameter} '{Printable(path)}' holds a line break or another character a path cannot have.",
                    Printable(path));
            }

            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                throw new OctopusUpgradeException(
                    errorIds.IsFile,
                    FailureCategory.InvalidArgument,
                    $"{parameter} '{full}' is a file; give {what}.",
                    full);
            }

            if (!Directory.Exists(full))
            {
                throw new OctopusUpgradeException(
                    errorIds.NotFound,
                    FailureCategory.ObjectNotFound,
                    $"{parameter} '{full}' does not exist; give {what}.",
                    full);
            }
        }

        private static int IndexOfControl(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsControl(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>A user's text fit for one line of a message: control characters shown as \uXXXX, not acted on.</summary>
        private static string Printable(string? text) =>
            string.Concat((text ?? string.Empty).Select(c => char.IsControl(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString()));

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

        private static void PrepareJournalFolder(string journalPath)
        {
            var folder = Path.GetDirectoryName(journalPath)!;
            try
            {
                Directory.CreateDirectory(folder);
                var probe = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".probe");
                File.WriteAllBytes(probe, new byte[] { 0 });
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.JournalFolderUnwritable,
                    FailureCategory.PermissionDenied,
                    $"The journal folder '{folder}' cannot be written: {e.Message} Choose another folder with -JournalPath.",
                    folder,
                    e);
            }
        }
    }
}
