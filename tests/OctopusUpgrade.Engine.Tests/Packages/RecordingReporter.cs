using System;
using System.Collections.Concurrent;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Packages
{
    /// <summary>Keeps everything the engine reports; <see cref="OnVerbose"/> lets a test act at a chosen moment.</summary>
    internal sealed class RecordingReporter : IOperationReporter
    {
        public ConcurrentQueue<OperationProgress> Progresses { get; } = new();

        public ConcurrentQueue<string> Verboses { get; } = new();

        public ConcurrentQueue<string> Warnings { get; } = new();

        public ConcurrentQueue<OctopusUpgradeException> Errors { get; } = new();

        public Action<string>? OnVerbose { get; set; }

        public void Progress(OperationProgress progress) => Progresses.Enqueue(progress);

        public void Verbose(string message)
        {
            Verboses.Enqueue(message);
            OnVerbose?.Invoke(message);
        }

        public void Warning(string message) => Warnings.Enqueue(message);

        public void Information(string message)
        {
        }

        public void Output(object item)
        {
        }

        public void Error(OctopusUpgradeException error) => Errors.Enqueue(error);
    }
}
