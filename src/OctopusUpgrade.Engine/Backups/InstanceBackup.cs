using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.IO;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Server;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Engine.Backups
{
    /// <summary>
    /// The parts of a backup set besides the database: the Master Key and the configuration (through Octopus.Server.exe),
    /// the license (through the API) and the server folders (verified copies). Each returns the manifest items it saved,
    /// after reading what it wrote back.
    /// </summary>
    internal sealed class InstanceBackup
    {
        internal static readonly CopyErrorIds CopyErrors = new(BackupErrorIds.CopyFailed, BackupErrorIds.CopyDiskFull, BackupErrorIds.CopySourceChanged, BackupErrorIds.CopyVerificationFailed);

        private readonly StepRunner _runner;
        private readonly string _setFolder;

        public InstanceBackup(StepRunner runner, string setFolder)
        {
            _runner = runner;
            _setFolder = setFolder;
        }

        public async Task<IReadOnlyList<BackupManifestItem>> SaveMasterKeyAsync(CancellationToken cancellationToken)
        {
            var session = _runner.Session;
            var key = await MasterKeyReader.ReadAsync(_runner, cancellationToken).ConfigureAwait(false)
                ?? throw new OctopusUpgradeException(BackupErrorIds.MasterKeyMissing, FailureCategory.InvalidData, $"Octopus.Server.exe show-master-key printed no key for instance '{session.InstanceName}'.", session.InstanceName);
            var path = Path.Combine(_setFolder, OwnerOnlyFile.UsesDataProtection ? BackupOctopusDatabaseStep.ProtectedMasterKeyFile : BackupOctopusDatabaseStep.MasterKeyFile);
            OwnerOnlyFile.WriteSecret(path, key);
            var verified = OwnerOnlyFile.ReadSecret(path).Equals(key);
            return One(BackupSetFiles.Describe(BackupKind.MasterKey, _setFolder, path, verified, cancellationToken));
        }

        public async Task<IReadOnlyList<BackupManifestItem>> SaveLicenseAsync(CancellationToken cancellationToken)
        {
            using var client = SessionApiClients.For(_runner.Session, _runner.Reporter, _runner.Clock);
            var license = await client.Licenses.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(license.LicenseText))
            {
                throw new OctopusUpgradeException(BackupErrorIds.LicenseMissing, FailureCategory.InvalidData, $"The server at {_runner.Session.Server} returned no license text.", _runner.Session.Server);
            }

            var path = Path.Combine(_setFolder, BackupOctopusDatabaseStep.LicenseFile);
            var bytes = Encoding.UTF8.GetBytes(license.LicenseText);
            AtomicFile.Write(path, stream => stream.Write(bytes, 0, bytes.Length));
            XDocument.Load(path);
            return One(BackupSetFiles.Describe(BackupKind.License, _setFolder, path, verified: true, cancellationToken));
        }

        public async Task<IReadOnlyList<BackupManifestItem>> SaveConfigurationAsync(CancellationToken cancellationToken)
        {
            var session = _runner.Session;
            var path = Path.Combine(_setFolder, BackupOctopusDatabaseStep.ConfigurationFile);

            // It holds the database connection string, password and all: created owner-only before the tool fills it.
            OwnerOnlyFile.Create(path).Dispose();
            await Tool().RunAsync(
                OctopusServerCommandLine.ExecutablePath(session.InstallPath!),
                OctopusServerCommandLine.ShowConfiguration(session.InstanceName, path),
                cancellationToken).ConfigureAwait(false);
            var settings = JObject.Parse(File.ReadAllText(path));
            return One(BackupSetFiles.Describe(BackupKind.Configuration, _setFolder, path, verified: settings.Count > 0, cancellationToken));
        }

        /// <summary>Copies each folder the server names into <c>Folders/&lt;name&gt;</c>, every file verified; one manifest item per folder.</summary>
        public async Task<IReadOnlyList<BackupManifestItem>> CopyServerFoldersAsync(CancellationToken cancellationToken)
        {
            OctopusServerFolders folders;
            using (var client = SessionApiClients.For(_runner.Session, _runner.Reporter, _runner.Clock))
            {
                folders = await client.Configuration.GetServerFoldersAsync(cancellationToken).ConfigureAwait(false);
            }

            var named = new[]
            {
                ("Artifacts", folders.ArtifactsDirectory),
                ("TaskLogs", folders.TaskLogsDirectory),
                ("Packages", folders.PackagesDirectory),
                ("EventExports", folders.EventExportsDirectory),
            };
            var items = new List<BackupManifestItem>();
            foreach (var (name, source) in named.Where(n => !string.IsNullOrWhiteSpace(n.Item2)))
            {
                if (!Directory.Exists(source))
                {
                    _runner.Reporter.Warning($"The server's {name} folder '{source}' is not visible from this machine, so it was not copied.");
                    continue;
                }

                items.Add(await Task.Run(() => CopyFolder(name, source!, cancellationToken), cancellationToken).ConfigureAwait(false));
            }

            return items;
        }

        private BackupManifestItem CopyFolder(string name, string source, CancellationToken cancellationToken)
        {
            var relativeFolder = Path.Combine("Folders", name);
            var destination = Path.Combine(_setFolder, relativeFolder);
            var copier = new VerifiedFileCopier(CopyFileSystem.Instance, CopyErrors);
            var buffers = new FileWorkerBuffers();
            var folders = new DestinationFolders(StringComparer.OrdinalIgnoreCase);
            var listing = new StringBuilder();
            long total = 0;
            var root = Path.GetFullPath(source).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                var relative = Path.GetFullPath(file).Substring(root.Length);
                var info = new FileInfo(file);
                var target = Path.Combine(destination, relative);
                copier.Copy(new VerifiedCopy(relative, file, target, info.Length, info.LastWriteTimeUtc), verifyBothSides: true, buffers, folders, _ => { }, cancellationToken);
                listing.Append(relative.Replace('\\', '/')).Append(' ').Append(BackupSetFiles.Sha256(target, cancellationToken)).Append('\n');
                total += info.Length;
            }

            folders.Create(destination);
            folders.SyncAll(CopyFileSystem.Instance);

            // The folder's hash is over its listing (relative path and SHA-256 of each file), so a restore can check every file.
            var listingPath = destination + ".sha256";
            var bytes = Encoding.UTF8.GetBytes(listing.ToString());
            AtomicFile.Write(listingPath, stream => stream.Write(bytes, 0, bytes.Length));
            return new BackupManifestItem(BackupKind.ServerFolders, relativeFolder, total, BackupSetFiles.Sha256(listingPath, cancellationToken)) { Verified = true };
        }

        private OctopusToolRunner Tool() => new(_runner.Reporter, _runner.Session.Masker);

        private static IReadOnlyList<BackupManifestItem> One(BackupManifestItem item) => new[] { item };
    }
}
