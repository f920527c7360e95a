using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>
    /// How engine work tells its caller what is happening. Safe to call from any thread: the pump queues each
    /// call and replays it, in order, on the thread that owns the PowerShell pipeline.
    /// </summary>
    public interface IOperationReporter
    {
        void Progress(OperationProgress progress);

        void Verbose(string message);

        void Warning(string message);

        void Information(string message);

        /// <summary>An object for the pipeline.</summary>
        void Output(object item);

        /// <summary>A failure of one item that does not stop the operation (a non-terminating error).</summary>
        void Error(OctopusUpgradeException error);
    }
}
