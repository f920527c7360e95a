using System;
using System.Globalization;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>The <c>start</c> options that inject SQL Server faults (<c>--sql-…</c>, listed in <see cref="StartCommand.Help"/>).</summary>
    internal static class SqlStartOptions
    {
        public static void Apply(string[] args, SqlFaults faults)
        {
            foreach (var count in StartCommand.Values(args, "--sql-deny-device"))
            {
                faults.DenyBackupDevice(Number(count));
            }

            foreach (var count in StartCommand.Values(args, "--sql-volume-full"))
            {
                faults.FillBackupVolume(Number(count));
            }

            if (StartCommand.Values(args, "--sql-disconnect").LastOrDefault() is { } percent)
            {
                faults.DisconnectDuringBackup(Number(percent));
            }

            if (StartCommand.Values(args, "--sql-slow").LastOrDefault() is { } milliseconds)
            {
                faults.SlowBackup(TimeSpan.FromMilliseconds(Number(milliseconds)));
            }
        }

        private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
