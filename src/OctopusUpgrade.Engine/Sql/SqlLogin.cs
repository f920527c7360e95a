using System;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>A SQL Server login given apart from the connection string (PowerShell's -SqlCredential).</summary>
    public sealed class SqlLogin
    {
        public SqlLogin(string userName, Secret? password)
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                throw new ArgumentException("A SQL login needs a user name.", nameof(userName));
            }

            UserName = userName;
            Password = password;
        }

        public string UserName { get; }

        /// <summary>Null when the credential came with an empty password; parsing the connection then refuses it.</summary>
        public Secret? Password { get; }
    }
}
