using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Input;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet in the module: runs one engine call through the pump, writes its events on the
    /// pipeline thread, turns engine failures into ErrorRecords with stable ids, and stops on Ctrl+C.
    /// Engine types appear only inside internal members, never in this type's public shape.
    /// </summary>
    public abstract class OctopusUpgradeCmdlet : PSCmdlet, IDisposable
    {
        private const string FileSystemProviderName = "FileSystem";

        /// <summary>The id of the cmdlet's own progress activity, the parent of the engine's (4100 and up).</summary>
        private const int CmdletActivityId = 4000;

        private readonly CancellationTokenSource _stopping = new();

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>
        /// Runs engine work to the end. Engine output objects go to the pipeline as they come; per-item engine
        /// errors are written as non-terminating errors; a failure of the whole work is a terminating error.
        /// Every message passes through <paramref name="masker"/> when there is one.
        /// </summary>
        internal T RunEngine<T>(Func<IOperationReporter, CancellationToken, Task<T>> work, SecretMasker? masker)
        {
            // Every engine activity is a child of one activity for the cmdlet, as dbatools nests its steps. Each
            // record is a new object: the Progress stream keeps references, so a reused one would change afterwards.
            string? parentStatus = null;
            void Progress(OperationProgress progress)
            {
                if (progress.ParentActivityId < 0 && !progress.Completed)
                {
                    parentStatus = Mask(masker, progress.Activity);
                    WriteProgress(new ProgressRecord(CmdletActivityId, MyInvocation.MyCommand.Name, parentStatus));
                }

                WriteProgress(ToProgressRecord(progress, masker));
            }

            // The pump has completed the engine's own activities by the time it returns or throws; the cmdlet's
            // activity is completed here, on every exit but a stop (a stopped pipeline takes no more records).
            void CompleteParent()
            {
                if (parentStatus is not null)
                {
                    WriteProgress(new ProgressRecord(CmdletActivityId, MyInvocation.MyCommand.Name, parentStatus) { RecordType = ProgressRecordType.Completed });
                }
            }

            var sink = new DelegatingSink(
                Progress,
                message => WriteVerbose(Mask(masker, message)),
                message => WriteWarning(Mask(masker, message)),
                message => WriteInformation(new InformationRecord(Mask(masker, message), MyInvocation.MyCommand.Name)),
                WriteObject,
                error => WriteError(ToMaskedRecord(error, masker)));
            try
            {
                var result = OperationPump.Run(work, sink, _stopping.Token);
                CompleteParent();
                return result;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (OctopusUpgradeException error)
            {
                CompleteParent();
                ThrowTerminatingError(ToMaskedRecord(error, masker));
                throw;
            }
            catch (Exception error) when (error is not PipelineStoppedException and not OperationCanceledException)
            {
                CompleteParent();

                // Not an engine failure a user was meant to read: still a terminating error with a stable id, masked.
                ThrowTerminatingError(ToMaskedRecord(
                    new OctopusUpgradeException(OctopusUpgradeErrorIds.UnexpectedFailure, FailureCategory.NotSpecified, $"{MyInvocation.MyCommand.Name} failed unexpectedly ({error.GetType().Name}): {error.Message}"),
                    masker));
                throw;
            }
        }

        /// <summary>Stops the cmdlet with an engine error raised outside of engine work (such as input checks).</summary>
        internal void ThrowEngineError(OctopusUpgradeException error, SecretMasker? masker) => ThrowTerminatingError(ToMaskedRecord(error, masker));

        /// <summary>
        /// A path as PowerShell users mean it: relative to the current PowerShell location, not the process's. A path
        /// on another provider's drive (Function:\, Env:\PATH) is refused: it resolves to no file system path at all,
        /// and reading that as "not given" would put the default folders in its place.
        /// </summary>
        internal string? ResolvePath(string? path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (!string.Equals(provider.Name, FileSystemProviderName, StringComparison.OrdinalIgnoreCase))
            {
                ThrowEngineError(
                    new OctopusUpgradeException(
                        PathErrorIds.NotFileSystem,
                        FailureCategory.InvalidArgument,
                        $"'{path}' is on the {provider.Name} provider, not the file system. Give a folder or file path, such as C:\\Octopus or ./packages.",
                        path),
                    masker: null);
            }

            return resolved;
        }

        private static string Mask(SecretMasker? masker, string message) => masker is null ? message : masker.Mask(message);

        /// <summary>
        /// The record carries a fresh exception of this assembly with the masked message and no inner exception, so
        /// that $Error[0].Exception, Get-Error and Pester's Should -Throw see no secret either, not only the console.
        /// </summary>
        private static ErrorRecord ToMaskedRecord(OctopusUpgradeException error, SecretMasker? masker)
        {
            var masked = masker?.Mask(error.Message) ?? error.Message;
            var target = error.Target is string text && masker is not null ? masker.Mask(text) : error.Target;
            return ErrorCategoryMap.ToErrorRecord(error, masked, target);
        }

        private static ProgressRecord ToProgressRecord(OperationProgress progress, SecretMasker? masker)
        {
            var record = new ProgressRecord(progress.ActivityId, Mask(masker, progress.Activity), Mask(masker, string.IsNullOrEmpty(progress.Status) ? "Working" : progress.Status))
            {
                ParentActivityId = progress.ParentActivityId < 0 ? CmdletActivityId : progress.ParentActivityId,
                PercentComplete = Math.Max(-1, Math.Min(100, progress.PercentComplete)),
                SecondsRemaining = progress.SecondsRemaining,
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            if (progress.CurrentOperation is not null)
            {
                record.CurrentOperation = Mask(masker, progress.CurrentOperation);
            }

            return record;
        }
    }
}
