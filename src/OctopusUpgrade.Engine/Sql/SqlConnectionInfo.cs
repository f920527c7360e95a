using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;

namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>
    /// Where the Octopus database is and how to log in, with the password held apart as a <see cref="Secret"/>:
    /// <see cref="SafeConnectionString"/> never contains it, and only <see cref="RevealConnectionString"/>
    /// puts it back, at the moment a connection opens.
    /// </summary>
    public sealed class SqlConnectionInfo
    {
        private static readonly string[] PasswordKeys = { "Password", "Pwd" };
        private static readonly string[] UserKeys = { "User ID", "UID", "User", "Username" };
        private static readonly string[] IntegratedKeys = { "Integrated Security", "Trusted_Connection" };
        private static readonly string[] ServerKeys = { "Data Source", "Server", "Address", "Addr", "Network Address" };
        private static readonly string[] DatabaseKeys = { "Initial Catalog", "Database" };

        /// <summary>
        /// Every keyword SqlClient accepts (Microsoft.Data.SqlClient's SqlConnectionStringBuilder, with synonyms), plus
        /// "Username", which is taken out here. Anything else is refused by name: a misspelt "Passwd=" would
        /// otherwise travel on as text that is neither used as a password nor masked as one.
        /// </summary>
        private static readonly HashSet<string> KnownKeys = new(
            PasswordKeys.Concat(UserKeys).Concat(IntegratedKeys).Concat(ServerKeys).Concat(DatabaseKeys).Concat(new[]
            {
                "Application Intent", "ApplicationIntent", "Application Name", "App", "AttachDbFilename", "Attach DBFilename", "Extended Properties",
                "Initial File Name", "Authentication", "Column Encryption Setting", "Command Timeout", "Connect Retry Count", "ConnectRetryCount",
                "Connect Retry Interval", "ConnectRetryInterval", "Connect Timeout", "Connection Timeout", "Timeout", "Current Language", "Language",
                "Encrypt", "Enlist", "Failover Partner", "Failover Partner SPN", "FailoverPartnerSPN", "Host Name In Certificate", "HostNameInCertificate",
                "Server Certificate", "ServerCertificate", "IP Address Preference", "IPAddressPreference", "Load Balance Timeout", "Connection Lifetime",
                "Max Pool Size", "Min Pool Size", "Multiple Active Result Sets", "MultipleActiveResultSets", "Multi Subnet Failover", "MultiSubnetFailover",
                "Packet Size", "Persist Security Info", "PersistSecurityInfo", "Pooling", "Pool Blocking Period", "PoolBlockingPeriod", "Replication",
                "Server SPN", "ServerSPN", "Transaction Binding", "Trust Server Certificate", "TrustServerCertificate", "Type System Version",
                "User Instance", "Workstation ID", "WSID", "Enclave Attestation Url", "Attestation Protocol", "Transparent Network IP Resolution",
                "TransparentNetworkIPResolution", "Network Library", "Network", "Net", "Context Connection", "Asynchronous Processing", "Async",
            }),
            StringComparer.OrdinalIgnoreCase);

        private SqlConnectionInfo(string safeConnectionString, string server, string? database, string? userName, Secret? password)
        {
            SafeConnectionString = safeConnectionString;
            Server = server;
            Database = database;
            UserName = userName;
            Password = password;
        }

        /// <summary>The connection string without any password: safe to show, journal and log.</summary>
        public string SafeConnectionString { get; }

        public string Server { get; }

        public string? Database { get; }

        /// <summary>The SQL login's user name, or null for Windows (integrated) authentication.</summary>
        public string? UserName { get; }

        public bool IsIntegrated => UserName is null;

        internal Secret? Password { get; }

        /// <summary>Parses a connection string; a login given separately replaces any user and password in it.</summary>
        public static SqlConnectionInfo Parse(string connectionString, SqlLogin? login, SecretMasker masker)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new OctopusUpgradeException(SessionErrorIds.SqlConnectionStringEmpty, FailureCategory.InvalidArgument, "The SQL connection string is empty.");
            }

            var builder = new DbConnectionStringBuilder();
            try
            {
                builder.ConnectionString = connectionString;
            }
            catch (ArgumentException)
            {
                // The parser's own message can quote the text, password included, so it is not passed on.
                throw new OctopusUpgradeException(
                    SessionErrorIds.SqlConnectionStringInvalid,
                    FailureCategory.InvalidArgument,
                    "The SQL connection string is not in 'Key=Value;Key=Value' form. Check quoting and semicolons.");
            }

            var unknown = builder.Keys.Cast<string>().Where(key => !KnownKeys.Contains(key)).ToList();
            if (unknown.Count > 0)
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.SqlConnectionStringKeywordUnknown,
                    FailureCategory.InvalidArgument,
                    $"The SQL connection string has {(unknown.Count == 1 ? "a keyword" : "keywords")} SqlClient does not know: {string.Join(", ", unknown.Select(key => "'" + key + "'"))}. Check the spelling (the password is 'Password' or 'Pwd'); the values are not shown.");
            }

            var passwordText = Take(builder, PasswordKeys);
            var userName = Take(builder, UserKeys);
            var server = Find(builder, ServerKeys);
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.SqlServerMissing,
                    FailureCategory.InvalidArgument,
                    "The SQL connection string names no server: add 'Server=<host>[\\instance]' (or 'Data Source=').");
            }

            var integrated = Find(builder, IntegratedKeys);
            var isIntegrated = integrated is not null && (integrated.Equals("true", StringComparison.OrdinalIgnoreCase)
                || integrated.Equals("sspi", StringComparison.OrdinalIgnoreCase)
                || integrated.Equals("yes", StringComparison.OrdinalIgnoreCase));

            Secret? password = string.IsNullOrEmpty(passwordText) ? null : new Secret(passwordText!);
            if (login is not null)
            {
                if (isIntegrated)
                {
                    throw new OctopusUpgradeException(
                        SessionErrorIds.SqlCredentialConflict,
                        FailureCategory.InvalidArgument,
                        "-SqlCredential was given, but the connection string asks for Integrated Security. Use one or the other.");
                }

                userName = login.UserName;
                password = login.Password;
            }
            else if (!isIntegrated && string.IsNullOrEmpty(userName))
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.SqlAuthenticationMissing,
                    FailureCategory.InvalidArgument,
                    "The SQL connection string has neither 'Integrated Security=true' nor a user: add one, or give -SqlCredential.");
            }

            if (!isIntegrated && password is null)
            {
                throw new OctopusUpgradeException(
                    SessionErrorIds.SqlPasswordMissing,
                    FailureCategory.InvalidArgument,
                    $"The SQL login '{userName}' has no password: give it with -SqlCredential rather than in the connection string.");
            }

            masker.Add(password);
            if (userName is not null)
            {
                builder["User ID"] = userName;
            }

            return new SqlConnectionInfo(builder.ConnectionString, server!, Find(builder, DatabaseKeys), isIntegrated ? null : userName, password);
        }

        /// <summary>
        /// Registers every value in a connection string that may be a password (a password keyword's, and any unknown
        /// keyword's, such as a misspelt "Passwd=") before anything is checked, so no error can repeat it. Text that
        /// does not parse is split on ';' and '=' as a parser would.
        /// </summary>
        public static void AddSecrets(string? connectionString, SecretMasker masker)
        {
            if (string.IsNullOrWhiteSpace(connectionString) || masker is null)
            {
                return;
            }

            foreach (var part in connectionString!.Split(';'))
            {
                var equals = part.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var key = part.Substring(0, equals).Trim();
                var value = part.Substring(equals + 1).Trim().Trim('\'', '"');
                if (value.Length > 0 && (PasswordKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || !KnownKeys.Contains(key)))
                {
                    masker.Add(new Secret(value));
                }
            }

            var builder = new DbConnectionStringBuilder();
            try
            {
                builder.ConnectionString = connectionString;
            }
            catch (ArgumentException)
            {
                return;
            }

            foreach (var key in builder.Keys.Cast<string>().Where(key => PasswordKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || !KnownKeys.Contains(key)))
            {
                var value = Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture);
                if (!string.IsNullOrEmpty(value))
                {
                    masker.Add(new Secret(value!));
                }
            }
        }

        /// <summary>The full connection string, password included, for opening a connection and nothing else.</summary>
        internal string RevealConnectionString()
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = SafeConnectionString };
            if (Password is not null)
            {
                builder["Password"] = Password.Reveal();
            }

            return builder.ConnectionString;
        }

        private static string? Find(DbConnectionStringBuilder builder, IEnumerable<string> keys) =>
            keys.Where(builder.ContainsKey).Select(k => Convert.ToString(builder[k], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

        private static string? Take(DbConnectionStringBuilder builder, IEnumerable<string> keys)
        {
            var value = Find(builder, keys);
            foreach (var key in keys)
            {
                builder.Remove(key);
            }

            return value;
        }
    }
}
