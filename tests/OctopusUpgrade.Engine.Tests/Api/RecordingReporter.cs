using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Api
{
    /// <summary>Keeps every line and progress record, so tests can assert what a user would see (and that no key is in it).</summary>
    internal sealed class RecordingReporter : IOperationReporter
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public ConcurrentQueue<OperationProgress> ProgressRecords { get; } = new();

        public IReadOnlyList<string> Lines => _lines.ToList();

        public string AllText => string.Join("\n", _lines.Concat(ProgressRecords.Select(p => $"{p.Activity} {p.Status} {p.CurrentOperation}")));

        public void Progress(OperationProgress progress) => ProgressRecords.Enqueue(progress);

        public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);

        public void Warning(string message) => _lines.Enqueue("WARNING: " + message);

        public void Information(string message) => _lines.Enqueue("INFO: " + message);

        public void Output(object item) => _lines.Enqueue("OUTPUT: " + item);

        public void Error(OctopusUpgradeException error) => _lines.Enqueue("ERROR: " + error.Message);
    }
}
