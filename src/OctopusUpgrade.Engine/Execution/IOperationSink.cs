using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// Where the pump delivers an operation's events. Every call happens on the thread that called
    /// <see cref="OperationPump.Run{T}"/>, which for a cmdlet is the pipeline thread.
    /// </summary>
    public interface IOperationSink
    {
        void OnProgress(OperationProgress progress);

        void OnVerbose(string message);

        void OnWarning(string message);

        void OnInformation(string message);

        void OnOutput(object item);

        void OnError(OctopusUpgradeException error);
    }
}
