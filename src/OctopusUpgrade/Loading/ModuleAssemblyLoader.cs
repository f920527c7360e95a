using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace OctopusUpgrade.Loading
{
    /// <summary>
    /// Runs when PowerShell imports the module. It makes the engine and every third-party assembly load from
    /// the module's own folders: on PowerShell 7 into one private AssemblyLoadContext (so another module's
    /// Newtonsoft.Json or SqlClient never meets ours), on Windows PowerShell 5.1 through AssemblyResolve.
    /// </summary>
    public sealed class ModuleAssemblyLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleAssemblyFolder = Path.GetDirectoryName(typeof(ModuleAssemblyLoader).Assembly.Location) ?? ".";

        public void OnImport()
        {
#if NET
            DependencyLoadContext.Register(Path.Combine(ModuleAssemblyFolder, DependencyLoadContext.FolderName));
#else
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleFolder;
#endif
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
#if NET
            DependencyLoadContext.Unregister();
#else
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleFolder;
#endif
        }

#if !NET
        /// <summary>
        /// Serves an assembly whose file is in the module's folder when that file is the version asked for or newer:
        /// .NET Framework has no binding redirects for a module, and our dependencies ask for older versions of each
        /// other. A request for a newer version (another module's) is left to others rather than given our older copy.
        /// </summary>
        private static Assembly? ResolveFromModuleFolder(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (string.IsNullOrEmpty(requested.Name))
            {
                return null;
            }

            var candidate = Path.Combine(ModuleAssemblyFolder, requested.Name + ".dll");
            if (!File.Exists(candidate))
            {
                return null;
            }

            var shipped = AssemblyName.GetAssemblyName(candidate).Version;
            return requested.Version is null || shipped >= requested.Version ? Assembly.LoadFrom(candidate) : null;
        }
#endif
    }
}
