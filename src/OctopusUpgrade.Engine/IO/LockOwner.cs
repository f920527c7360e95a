using System;
using System.Diagnostics;
using System.Globalization;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>Who holds a <see cref="LockFile"/>: enough for an administrator to find the process and the session.</summary>
    internal sealed record LockOwner(int ProcessId, string Host, Guid SessionId, DateTimeOffset Started)
    {
        /// <summary>This process, working for <paramref name="sessionId"/> since <paramref name="started"/>.</summary>
        public static LockOwner ThisProcess(Guid sessionId, DateTimeOffset started)
        {
            using var process = Process.GetCurrentProcess();
            return new LockOwner(process.Id, Environment.MachineName, sessionId, started);
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "pid={0}\nhost={1}\nsession={2}\nstarted={3:o}\n", ProcessId, Host, SessionId, Started);
    }
}
