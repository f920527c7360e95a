using System;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Migration
{
    /// <summary>
    /// Passes a reporter's calls on, and turns each verbose line a long-running tool prints into progress: the line as
    /// the current operation and the time it has run so far, so a migration of hours shows it is alive.
    /// </summary>
    internal sealed class ToolOutputProgress : IOperationReporter
    {
        private readonly IOperationReporter _inner;
        private readonly OperationProgress _activity;
        private readonly TimeProvider _clock;
        private readonly DateTimeOffset _started;

        public ToolOutputProgress(IOperationReporter inner, OperationProgress activity, TimeProvider clock)
        {
            _inner = inner;
            _activity = activity;
            _clock = clock;
            _started = clock.GetUtcNow();
        }

        public void Verbose(string message)
        {
            _inner.Verbose(message);
            _inner.Progress(_activity with { Status = "Running for " + DurationText.Describe(_clock.GetUtcNow() - _started), CurrentOperation = message });
        }

        public void Progress(OperationProgress progress) => _inner.Progress(progress);

        public void Warning(string message) => _inner.Warning(message);

        public void Information(string message) => _inner.Information(message);

        public void Output(object item) => _inner.Output(item);

        public void Error(OctopusUpgradeException error) => _inner.Error(error);
    }
}
