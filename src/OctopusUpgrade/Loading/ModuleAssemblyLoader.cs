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
        /// Serves any assembly whose file is in the module's folder, whatever version was asked for: .NET Framework
        /// has no binding redirects for a module, and our dependencies ask for older versions of each other.
        /// </summary>
        private static Assembly? ResolveFromModuleFolder(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(name))
            {
                return null;
            }

            var candidate = Path.Combine(ModuleAssemblyFolder, name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
#endif
    }
}
