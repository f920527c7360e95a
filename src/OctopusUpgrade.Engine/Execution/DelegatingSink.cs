using System;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// A sink made of delegates. The cmdlet assembly uses it so that none of its own types implements an engine
    /// interface: PowerShell reflects over those types while importing, before the engine's load context exists.
    /// </summary>
    public sealed class DelegatingSink : IOperationSink
    {
        private readonly Action<OperationProgress> _progress;
        private readonly Action<string> _verbose;
        private readonly Action<string> _warning;
        private readonly Action<string> _information;
        private readonly Action<object> _output;
        private readonly Action<OctopusUpgradeException> _error;

        public DelegatingSink(
            Action<OperationProgress> progress,
            Action<string> verbose,
            Action<string> warning,
            Action<string> information,
            Action<object> output,
            Action<OctopusUpgradeException> error)
        {
            _progress = progress ?? throw new ArgumentNullException(nameof(progress));
            _verbose = verbose ?? throw new ArgumentNullException(nameof(verbose));
            _warning = warning ?? throw new ArgumentNullException(nameof(warning));
            _information = information ?? throw new ArgumentNullException(nameof(information));
            _output = output ?? throw new ArgumentNullException(nameof(output));
            _error = error ?? throw new ArgumentNullException(nameof(error));
        }

        public void OnProgress(OperationProgress progress) => _progress(progress);

        public void OnVerbose(string message) => _verbose(message);

        public void OnWarning(string message) => _warning(message);

        public void OnInformation(string message) => _information(message);

        public void OnOutput(object item) => _output(item);

        public void OnError(OctopusUpgradeException error) => _error(error);
    }
}
