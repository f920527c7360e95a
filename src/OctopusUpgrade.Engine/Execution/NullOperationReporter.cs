using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>A reporter that discards everything, for callers that only want the result.</summary>
    public sealed class NullOperationReporter : IOperationReporter
    {
        public static readonly NullOperationReporter Instance = new();

        private NullOperationReporter()
        {
        }

        public void Progress(OperationProgress progress)
        {
        }

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Information(string message)
        {
        }

        public void Output(object item)
        {
        }

        public void Error(OctopusUpgradeException error)
        {
        }
    }
}
