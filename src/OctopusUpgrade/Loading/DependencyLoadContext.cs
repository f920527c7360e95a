#if NET
using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace OctopusUpgrade.Loading
{
    /// <summary>
    /// The private load context that holds the engine and its dependencies on PowerShell 7 (the "bridge" pattern).
    /// The default context is only ever asked for the engine, by name; the engine's own references then resolve
    /// here first. Runtime-specific files (SqlClient's per-OS assembly, its native SNI library) come from the
    /// <c>runtimes</c> folder for the OS and architecture in use.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        /// <summary>The folder, beside the cmdlet assembly, holding the engine and all third-party files.</summary>
        public const string FolderName = "dependencies";

        /// <summary>The one assembly the default context is sent here for.</summary>
        public const string EngineAssemblyName = "OctopusUpgrade.Engine";

        private static readonly object Gate = new();
        private static DependencyLoadContext? _registered;

        private readonly string _folder;

        public DependencyLoadContext(string folder)
            : base("OctopusUpgrade", isCollectible: false)
        {
            _folder = Path.GetFullPath(folder);
        }

        /// <summary>Hooks the default context so that a request for the engine is answered from <paramref name="folder"/>.</summary>
        public static void Register(string folder)
        {
            lock (Gate)
            {
                // One context per process: a re-import must keep type identity with what is already loaded. A
                // different module folder (another version) cannot share it, and .NET cannot unload it.
                var full = Path.GetFullPath(folder);
                if (_registered is not null && !string.Equals(_registered._folder, full, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"OctopusUpgrade is already loaded in this PowerShell process from '{_registered._folder}'. Start a new PowerShell session to load it from '{full}'.");
                }

                _registered ??= new DependencyLoadContext(full);
                Default.Resolving -= ResolveEngine;
                Default.Resolving += ResolveEngine;
            }
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                Default.Resolving -= ResolveEngine;
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = FindAssembly(assemblyName.Name);

            // Anything not shipped in the folder (the BCL, System.Management.Automation) comes from the default context.
            return path is null ? null : LoadFromAssemblyPath(path);
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var path = FindNative(unmanagedDllName);
            return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
        }

        /// <summary>The file for an assembly: the OS-specific build when there is one, else the portable one.</summary>
        public string? FindAssembly(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return null;
            }

            var runtimes = Path.Combine(_folder, "runtimes", OperatingSystem.IsWindows() ? "win" : "unix", "lib");
            if (Directory.Exists(runtimes))
            {
                foreach (var frameworkFolder in Directory.GetDirectories(runtimes))
                {
                    var specific = Path.Combine(frameworkFolder, name + ".dll");
                    if (File.Exists(specific))
                    {
                        return specific;
                    }
                }
            }

            var portable = Path.Combine(_folder, name + ".dll");
            return File.Exists(portable) ? portable : null;
        }

        /// <summary>The native library for the running OS and architecture, such as win-x64/native/Microsoft.Data.SqlClient.SNI.dll.</summary>
        public string? FindNative(string name)
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            var nativeFolder = Path.Combine(_folder, "runtimes", os + "-" + architecture, "native");
            foreach (var candidate in new[] { name, name + ".dll", "lib" + name + ".so", "lib" + name + ".dylib" })
            {
                var path = Path.Combine(nativeFolder, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }

        private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
        {
            if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal))
            {
                return null;
            }

            lock (Gate)
            {
                return _registered?.LoadFromAssemblyName(name);
            }
        }
    }
}
#endif
