using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;

namespace OctopusUpgrade.Engine.IO
{
    /// <summary>
    /// The destination folders of one copy run, shared by its workers: each is created once, and each whose entries
    /// changed (a file renamed into it, a folder created in it) is synced once when the run ends rather than after
    /// every file, so a run of thousands of files pays one folder sync per folder.
    /// </summary>
    internal sealed class DestinationFolders
    {
        // Sets shared by the workers: only the keys mean something.
        private readonly ConcurrentDictionary<string, byte> _created;
        private readonly ConcurrentDictionary<string, byte> _changed;

        public DestinationFolders(StringComparer comparer)
        {
            _created = new ConcurrentDictionary<string, byte>(comparer);
            _changed = new ConcurrentDictionary<string, byte>(comparer);
        }

        /// <summary>Creates <paramref name="folder"/> and the folders above it that are missing, once per run; each parent gained an entry.</summary>
        public void Create(string folder)
        {
            if (_created.ContainsKey(folder))
            {
                return;
            }

            for (var missing = folder; !string.IsNullOrEmpty(missing) && !Directory.Exists(missing); missing = Path.GetDirectoryName(missing))
            {
                if (Path.GetDirectoryName(missing) is { Length: > 0 } parent)
                {
                    Changed(parent);
                }
            }

            Directory.CreateDirectory(folder);
            _created.TryAdd(folder, 0);
        }

        /// <summary>Notes that <paramref name="folder"/>'s entries changed: it is synced by <see cref="SyncAll"/>.</summary>
        public void Changed(string folder) => _changed.TryAdd(folder, 0);

        /// <summary>
        /// Syncs every changed folder, the deepest first, so a new folder's own entries are on the disk before the
        /// entry that names it. Where a folder cannot be synced (Windows, some network shares) there is nothing more to do.
        /// </summary>
        public void SyncAll(ICopyFileSystem fileSystem)
        {
            foreach (var folder in _changed.Keys.OrderByDescending(f => f.Length))
            {
                fileSystem.SyncFolder(folder);
            }

            _changed.Clear();
        }
    }
}
