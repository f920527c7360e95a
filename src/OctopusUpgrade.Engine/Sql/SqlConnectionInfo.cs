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
