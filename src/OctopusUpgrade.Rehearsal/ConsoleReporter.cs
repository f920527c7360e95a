using System;
using System.IO;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Rehearsal
{
    /// <summary>
    /// Prints what the engine reports, as the cmdlets' streams would show it: warnings and errors always, verbose lines
    /// and progress only when asked. The engine masks secrets before anything reaches a reporter.
    /// </summary>
    internal sealed class ConsoleReporter : IOperationReporter
    {
        private readonly TextWriter _out;
        private readonly bool _verbose;

        public ConsoleReporter(TextWriter output, bool verbose)
        {
            _out = output;
            _verbose = verbose;
        }

        public int Errors { get; private set; }

        public void Progress(OperationProgress progress)
        {
            if (_verbose && progress is not null)
            {
                _out.WriteLine($"      progress: {progress.Activity}: {progress.Status}");
            }
        }

        public void Verbose(string message)
        {
            if (_verbose)
            {
                _out.WriteLine("      verbose: " + message);
            }
        }

        public void Warning(string message) => _out.WriteLine("      warning: " + message);

        public void Information(string message) => _out.WriteLine("      " + message);

        public void Output(object item)
        {
        }

        public void Error(OctopusUpgradeException error)
        {
            Errors++;
            _out.WriteLine($"      error {error?.ErrorId}: {error?.Message}");
        }
    }
}
