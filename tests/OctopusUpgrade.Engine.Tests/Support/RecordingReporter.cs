using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>
    /// Keeps everything the engine reports, so a test can assert what a user would see (and that no secret is in it);
    /// <see cref="OnVerbose"/> lets a test act at a chosen moment.
    /// </summary>
    internal sealed class RecordingReporter : IOperationReporter
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public ConcurrentQueue<OperationProgress> Progresses { get; } = new();

        public ConcurrentQueue<string> Verboses { get; } = new();

        public ConcurrentQueue<string> Warnings { get; } = new();

        public ConcurrentQueue<OctopusUpgradeException> Errors { get; } = new();

        public Action<string>? OnVerbose { get; set; }

        /// <summary>Every line in order, prefixed as PowerShell shows its streams (<c>VERBOSE: …</c>).</summary>
        public IReadOnlyList<string> Lines => _lines.ToList();

        /// <summary>Every line and every progress record as one text, to search for a secret.</summary>
        public string AllText => string.Join("\n", _lines.Concat(Progresses.Select(p => $"{p.Activity} {p.Status} {p.CurrentOperation}")));

        /// <summary>Called with each progress record as it arrives (a test waits on it instead of on time).</summary>
        public Action<OperationProgress>? OnProgress { get; set; }

        public void Progress(OperationProgress progress)
        {
            Progresses.Enqueue(progress);
            OnProgress?.Invoke(progress);
        }

        public void Verbose(string message)
        {
            _lines.Enqueue("VERBOSE: " + message);
            Verboses.Enqueue(message);
            OnVerbose?.Invoke(message);
        }

        public void Warning(string message)
        {
            _lines.Enqueue("WARNING: " + message);
            Warnings.Enqueue(message);
        }

        public void Information(string message) => _lines.Enqueue("INFO: " + message);

        public void Output(object item) => _lines.Enqueue("OUTPUT: " + item);

        public void Error(OctopusUpgradeException error)
        {
            _lines.Enqueue("ERROR: " + error.Message);
            Errors.Enqueue(error);
        }
    }
}
