using System;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Results
{
    /// <summary>
    /// What every step returns besides its own facts: the session it ran in (so the next cmdlet in a pipeline
    /// binds to it by property name) and when it ran.
    /// </summary>
    public abstract class OctopusUpgradeStepResult
    {
        private protected OctopusUpgradeStepResult(OctopusUpgradeSession session, DateTimeOffset started, DateTimeOffset ended)
        {
            Session = session;
            Started = started;
            Ended = ended;
        }

        public OctopusUpgradeSession Session { get; }

        public DateTimeOffset Started { get; }

        public DateTimeOffset Ended { get; }

        public TimeSpan Duration => Ended - Started;
    }
}
