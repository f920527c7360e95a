using System;
using System.Collections.Generic;
using System.IO;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// Gives written and verified files (<see cref="VerifiedFileCopier.Write"/>) their final names only once their data
    /// is on the disk. Where the destination's file system can be synced as a whole
    /// (<see cref="ICopyFileSystem.OpenFileSystemSync"/>), files are written without a flush each and committed in
    /// batches (<see cref="CommitBatchSize"/>): the worker that fills a batch syncs the file system once and renames the
    /// batch, while the other workers go on writing the next one. Elsewhere each file was flushed as it was written and
    /// is renamed at once. A crash loses at most the batches not yet committed, as partial files the next run removes;
    /// a sync that fails gives no file of its batch a final name and stops the copy.
    /// </summary>
    internal sealed class DurableCommit : IDisposable
    {
        private readonly IFileSystemSync? _sync;
        private readonly VerifiedFileCopier _copier;
        private readonly DestinationFolders _folders;
        private readonly CommitBatchSize _batchSize;
        private readonly string _destination;
        private readonly string _notDurableErrorId;
        private readonly object _gate = new();
        private readonly object _syncGate = new();
        private IOException? _syncFailure;
        private List<VerifiedPartial> _batch = new();
        private long _batchBytes;

        /// <param name="fileSystem">Chooses the strategy: a file-system sync where it offers one, a flush per file otherwise.</param>
        /// <param name="destination">The existing destination folder; every file committed is under it. Open this before writing the first file.</param>
        /// <param name="copier">Renames each file into place.</param>
        /// <param name="folders">The run's folders, noted for the end-of-run sync as files are renamed into them.</param>
        /// <param name="batchSize">When a batch is committed.</param>
        /// <param name="notDurableErrorId">The calling feature's id for a failed file-system sync.</param>
        public DurableCommit(ICopyFileSystem fileSystem, string destination, VerifiedFileCopier copier, DestinationFolders folders, CommitBatchSize batchSize, string notDurableErrorId)
        {
            _sync = fileSystem.OpenFileSystemSync(destination);
            _destination = destination;
            _copier = copier;
            _folders = folders;
            _batchSize = batchSize;
            _notDurableErrorId = notDurableErrorId;
        }

        /// <summary>Whether each file must be flushed to disk as it is written: there is no file-system sync to do it by the batch.</summary>
        public bool FlushesEachFile => _sync is null;

        /// <summary>Takes a written file; when it completes a batch, commits that batch on the calling thread.</summary>
        /// <param name="written">A file written and verified under its temporary name.</param>
        /// <param name="published">Called for each file of a committed batch, with the failure of its rename or null.</param>
        /// <exception cref="OctopusUpgradeException">The file-system sync failed: no file of the batch was renamed, and their partial files are removed.</exception>
        public void Add(VerifiedPartial written, Action<VerifiedPartial, OctopusUpgradeException?> published)
        {
            List<VerifiedPartial>? full;
            lock (_gate)
            {
                _batch.Add(written);
                _batchBytes += written.File.Length;
                full = _sync is null || _batch.Count >= _batchSize.Files || _batchBytes >= _batchSize.Bytes ? Take() : null;
            }

            if (full is not null)
            {
                Commit(full, published);
            }
        }

        /// <summary>Commits the last, incomplete batch once every file has been added.</summary>
        /// <exception cref="OctopusUpgradeException">As <see cref="Add"/>.</exception>
        public void CommitRest(Action<VerifiedPartial, OctopusUpgradeException?> published)
        {
            List<VerifiedPartial> rest;
            lock (_gate)
            {
                rest = Take();
            }

            if (rest.Count > 0)
            {
                Commit(rest, published);
            }
        }

        /// <summary>Removes the partial files of a batch that will not be committed (the copy stopped or was cancelled).</summary>
        public void DiscardRest()
        {
            List<VerifiedPartial> rest;
            lock (_gate)
            {
                rest = Take();
            }

            RemoveAll(rest);
        }

        public void Dispose() => _sync?.Dispose();

        private List<VerifiedPartial> Take()
        {
            var taken = _batch;
            _batch = new List<VerifiedPartial>();
            _batchBytes = 0;
            return taken;
        }

        private void Commit(List<VerifiedPartial> batch, Action<VerifiedPartial, OctopusUpgradeException?> published)
        {
            if (_sync is not null)
            {
                SyncFileSystem(batch);
            }

            foreach (var written in batch)
            {
                OctopusUpgradeException? failure = null;
                try
                {
                    _copier.Publish(written, _folders);
                }
                catch (OctopusUpgradeException e)
                {
                    failure = e;
                }

                published(written, failure);
            }
        }

        /// <summary>
        /// One sync at a time, and after a failure every later one fails too: the kernel reports a write-back error once,
        /// to the first <c>syncfs</c> after it, which may be another batch's; a later one returning 0 would not mean
        /// its batch reached the disk.
        /// </summary>
        private void SyncFileSystem(List<VerifiedPartial> batch)
        {
            lock (_syncGate)
            {
                try
                {
                    if (_syncFailure is null)
                    {
                        _sync!.Sync();
                    }
                }
                catch (IOException e)
                {
                    _syncFailure = e;
                }

                if (_syncFailure is not null)
                {
                    RemoveAll(batch);
                    throw new OctopusUpgradeException(
                        _notDurableErrorId,
                        FailureCategory.WriteError,
                        $"The file system of '{_destination}' could not put the files written on the disk ({_syncFailure.Message}); none of the last {batch.Count} was given its final name and their partial files were removed. Files committed before them are complete. Check the destination volume (the system log names the device and the error), then run again: finished files are skipped.",
                        _destination,
                        _syncFailure);
                }
            }
        }

        private static void RemoveAll(List<VerifiedPartial> batch)
        {
            foreach (var written in batch)
            {
                PartialFile.Remove(written.PartialPath);
            }
        }
    }
}
