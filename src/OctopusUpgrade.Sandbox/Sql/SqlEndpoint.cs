using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The sandbox's SQL Server: a TDS 7.4 listener on 127.0.0.1 with a self-signed certificate made at start, serving the
    /// estate's <see cref="SqlServerState"/>.
    /// </summary>
    internal sealed class SqlEndpoint : IAsyncDisposable
    {
        private static readonly string[] SystemDatabases = ["master", "tempdb", "model", "msdb"];

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<int, TdsSession> _sessions = new();
        private readonly Task _acceptLoop;
        private readonly TimeProvider _clock;
        private int _nextSpid = 51;

        /// <param name="state">The estate's SQL Server.</param>
        /// <param name="faults">Injected SQL faults.</param>
        /// <param name="clock">The estate's simulated clock: every time and wait of the server is on it.</param>
        public SqlEndpoint(SqlServerState state, SqlFaults faults, TimeProvider clock)
        {
            State = state;
            Faults = faults;
            _clock = clock;
            Certificate = CreateCertificate(state.Facts.ServerName);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptLoop = Task.Run(AcceptAsync);
        }

        public SqlServerState State { get; }

        public SqlFaults Faults { get; }

        public X509Certificate2 Certificate { get; }

        public int Port { get; }

        public string ServerName => State.Facts.ServerName;

        public DateTimeOffset Now => _clock.GetUtcNow();

        /// <summary>SQL authentication against this endpoint, encrypted as SqlClient's defaults expect, with a self-signed certificate trusted.</summary>
        public string ConnectionString => new System.Data.Common.DbConnectionStringBuilder
        {
            // The builder quotes values, so a database name such as Oct]o'pus;x survives.
            ["Data Source"] = "127.0.0.1," + Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Initial Catalog"] = State.DatabaseName,
            ["User ID"] = State.Facts.Login,
            ["Password"] = State.Password,
            ["Encrypt"] = "True",
            ["TrustServerCertificate"] = "True",
        }.ConnectionString;

        /// <summary>Waits <paramref name="simulated"/> on the estate's clock, then <paramref name="extraReal"/> of real time (an injected slowness).</summary>
        public async Task DelayAsync(TimeSpan simulated, TimeSpan extraReal, CancellationToken cancellationToken)
        {
            await Task.Delay(simulated, _clock, cancellationToken).ConfigureAwait(false);
            if (extraReal > TimeSpan.Zero)
            {
                await Task.Delay(extraReal, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Sessions other than <paramref name="except"/> whose current database is <paramref name="database"/>.</summary>
        public TdsSession[] SessionsIn(string database, TdsSession except) =>
            _sessions.Values.Where(s => s != except && string.Equals(s.Database, database, StringComparison.OrdinalIgnoreCase)).ToArray();

        public bool IsUserDatabase(string name) => string.Equals(name, State.DatabaseName, StringComparison.OrdinalIgnoreCase);

        /// <summary>Checks a login and sets the session's database; null when it may proceed, otherwise the errors to send.</summary>
        public SqlStatementException? Authenticate(Login7 login, TdsSession session)
        {
            var loginFailed = SqlMessage.Error(18456, "Login failed for user '" + login.UserName + "'.", 14, 1);
            if (login.UserName != State.Facts.Login || login.Password != State.Password)
            {
                return new SqlStatementException(loginFailed);
            }

            var database = login.Database.Length == 0 ? "master" : login.Database;
            if (IsUserDatabase(database))
            {
                var (state, access) = State.Read(() => (State.State, State.UserAccess));
                if (state == "RESTORING")
                {
                    return new SqlStatementException(SqlMessage.Error(927, "Database '" + State.DatabaseName + "' cannot be opened. It is in the middle of a restore.", 14));
                }

                if (access == "SINGLE_USER" && SessionsIn(State.DatabaseName, session).Length > 0)
                {
                    return new SqlStatementException(SqlMessage.Error(924, "Database '" + State.DatabaseName + "' is already open and can only have one user at a time.", 14));
                }

                session.Database = State.DatabaseName;
            }
            else if (SystemDatabases.FirstOrDefault(d => string.Equals(d, database, StringComparison.OrdinalIgnoreCase)) is { } system)
            {
                session.Database = system;
            }
            else
            {
                return new SqlStatementException(SqlMessage.Error(4060, "Cannot open database \"" + database + "\" requested by the login. The login failed.", 11), loginFailed);
            }

            return null;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _listener.Stop();
            foreach (var session in _sessions.Values)
            {
                session.Kill();
            }

            try
            {
                await _acceptLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping ends the loop.
            }

            _stop.Dispose();
            Certificate.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                var session = new TdsSession(client, this, Interlocked.Increment(ref _nextSpid));
                _sessions[session.Spid] = session;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await session.RunAsync(_stop.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is System.IO.IOException or SocketException or ObjectDisposedException or OperationCanceledException
                        or System.Security.Authentication.AuthenticationException or System.IO.InvalidDataException)
                    {
                        // A client that goes away, is killed or speaks nonsense ends its own session only.
                    }
                    finally
                    {
                        _sessions.TryRemove(session.Spid, out _);
                        client.Dispose();
                    }
                });
            }
        }

        private static X509Certificate2 CreateCertificate(string serverName)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + serverName + " (OctopusUpgrade sandbox SQL Server)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            // A PKCS#12 round trip gives a certificate whose key SslStream can use on every platform.
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }
    }
}
