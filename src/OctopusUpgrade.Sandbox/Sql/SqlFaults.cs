using System;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// SQL Server faults for the TDS endpoint; the control endpoint (<c>/sandbox/faults/sql/…</c>) and start options drive the
    /// same object (<see cref="SandboxFaults.Sql"/>).
    /// </summary>
    public sealed class SqlFaults
    {
        private readonly object _sync = new();
        private int _deviceDenied;
        private int _volumeFull;
        private int? _dropAtPercent;
        private TimeSpan _perPercent;

        /// <summary>The next <paramref name="count"/> BACKUPs fail with 3201 "Cannot open backup device … Operating system error 5(Access is denied.)" and 3013.</summary>
        public void DenyBackupDevice(int count = 1) => Set(() => _deviceDenied = Positive(count));

        /// <summary>The next <paramref name="count"/> BACKUPs run out of disk half-way: 3202 "… 112(There is not enough space on the disk.)" and 3013; no file is left.</summary>
        public void FillBackupVolume(int count = 1) => Set(() => _volumeFull = Positive(count));

        /// <summary>The next BACKUP or RESTORE drops its connection once <paramref name="percent"/> percent is processed.</summary>
        public void DisconnectDuringBackup(int percent = 50) =>
            Set(() => _dropAtPercent = percent is > 0 and < 100 ? percent : throw new ArgumentOutOfRangeException(nameof(percent), percent, "Between 1 and 99."));

        /// <summary>Every percent of a BACKUP or RESTORE takes <paramref name="delay"/> more real time (zero: no slowdown).</summary>
        public void SlowBackup(TimeSpan delay) =>
            Set(() => _perPercent = delay >= TimeSpan.Zero ? delay : throw new ArgumentOutOfRangeException(nameof(delay), delay, "Not negative."));

        /// <summary>Removes every SQL fault.</summary>
        public void Clear() => Set(() =>
        {
            _deviceDenied = 0;
            _volumeFull = 0;
            _dropAtPercent = null;
            _perPercent = TimeSpan.Zero;
        });

        internal TimeSpan PerPercentDelay
        {
            get
            {
                lock (_sync)
                {
                    return _perPercent;
                }
            }
        }

        internal bool TakeDeviceDenied() => Take(ref _deviceDenied);

        internal bool TakeVolumeFull() => Take(ref _volumeFull);

        internal int? TakeDropPercent()
        {
            lock (_sync)
            {
                var percent = _dropAtPercent;
                _dropAtPercent = null;
                return percent;
            }
        }

        private bool Take(ref int counter)
        {
            lock (_sync)
            {
                if (counter == 0)
                {
                    return false;
                }

                counter--;
                return true;
            }
        }

        private void Set(Action change)
        {
            lock (_sync)
            {
                change();
            }
        }

        private static int Positive(int count) => count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "At least 1.");
    }
}
