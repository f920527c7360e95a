using System;
using System.Globalization;
using System.Threading;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Packages
{
    /// <summary>
    /// Counts files and bytes from every worker and turns them into at most four progress updates a second, with
    /// the rate and time left measured on the injected clock.
    /// </summary>
    internal sealed class PackageCopyProgress
    {
        public const int ActivityId = 4100;
        public const string Activity = "Copying built-in feed packages";
        private const double BytesPerMegabyte = 1024 * 1024;
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        private readonly IOperationReporter _reporter;
        private readonly TimeProvider _time;
        private readonly int _totalFiles;
        private readonly long _totalBytes;
        private readonly long _started;
        private readonly object _gate = new();
        private long _lastReported;
        private long _bytesDone;
        private int _filesDone;

        public PackageCopyProgress(IOperationReporter reporter, TimeProvider time, int totalFiles, long totalBytes)
        {
            _reporter = reporter;
            _time = time;
            _totalFiles = totalFiles;
            _totalBytes = totalBytes;
            _started = time.GetTimestamp();
            _lastReported = _started;
        }

        public void AddBytes(long bytes)
        {
            Interlocked.Add(ref _bytesDone, bytes);
            ReportIfDue();
        }

        /// <summary>A file is finished, copied or failed; a failed one's unread bytes count as done so the bar ends full.</summary>
        public void FileFinished(long bytesNotStreamed)
        {
            Interlocked.Add(ref _bytesDone, bytesNotStreamed);
            Interlocked.Increment(ref _filesDone);
            ReportIfDue();
        }

        public void Complete()
        {
            _reporter.Progress(Snapshot(_time.GetTimestamp()) with { Completed = true, PercentComplete = 100, SecondsRemaining = 0 });
        }

        private void ReportIfDue()
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Interlocked.Read(ref _lastReported), now) < Interval)
            {
                return;
            }

            lock (_gate)
            {
                if (_time.GetElapsedTime(_lastReported, now) < Interval)
                {
                    return;
                }

                Interlocked.Exchange(ref _lastReported, now);
                _reporter.Progress(Snapshot(now));
            }
        }

        private OperationProgress Snapshot(long now)
        {
            var bytes = Interlocked.Read(ref _bytesDone);
            var files = Volatile.Read(ref _filesDone);
            var elapsed = _time.GetElapsedTime(_started, now).TotalSeconds;
            var rate = elapsed > 0 ? bytes / elapsed : 0;
            var status = string.Format(
                CultureInfo.InvariantCulture,
                "{0}/{1} files, {2:F1}/{3:F1} MB, {4:F1} MB/s",
                files,
                _totalFiles,
                bytes / BytesPerMegabyte,
                _totalBytes / BytesPerMegabyte,
                rate / BytesPerMegabyte);
            return new OperationProgress(ActivityId, Activity, status)
            {
                PercentComplete = _totalBytes > 0
                    ? (int)(100 * bytes / _totalBytes)
                    : _totalFiles > 0 ? 100 * files / _totalFiles : 100,
                SecondsRemaining = rate > 0 ? (int)Math.Ceiling((_totalBytes - bytes) / rate) : -1,
            };
        }
    }
}
