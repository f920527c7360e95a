using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>
    /// The session created last, per runspace (as PowerCLI keeps its default server): parallel runspaces in one
    /// process each keep their own, and a closed runspace's session is collected with it.
    /// </summary>
    internal static class DefaultSessionStore
    {
        private static readonly ConditionalWeakTable<object, OctopusUpgradeSession> ByRunspace = new();
        private static readonly object NoRunspace = new();

        public static OctopusUpgradeSession? Current
        {
            get
            {
                lock (ByRunspace)
                {
                    return ByRunspace.TryGetValue(Key, out var session) ? session : null;
                }
            }

            set
            {
                lock (ByRunspace)
                {
                    ByRunspace.Remove(Key);
                    if (value is not null)
                    {
                        ByRunspace.Add(Key, value);
                    }
                }
            }
        }

        private static object Key => (object?)Runspace.DefaultRunspace ?? NoRunspace;
    }
}
