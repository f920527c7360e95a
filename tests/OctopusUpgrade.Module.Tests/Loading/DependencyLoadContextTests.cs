using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Module.Tests.Contract;

namespace OctopusUpgrade.Module.Tests.Loading
{
    /// <summary>
    /// Loads the laid-out core/ build the way PowerShell 7 does through the module's load context, and checks that
    /// the engine and its dependencies, SqlClient's per-OS assembly included, come from core/dependencies and live
    /// apart from the default context.
    /// </summary>
    public sealed class DependencyLoadContextTests
    {
        private static readonly string CoreFolder = Path.Combine(ModuleUnderTest.LayoutFolder, "core");
        private static readonly string DependenciesFolder = Path.Combine(CoreFolder, "dependencies");

        private static AssemblyLoadContext NewDependencyContext()
        {
            // The cmdlet assembly gets its own throwaway context here, standing in for PowerShell's default one.
            var host = new AssemblyLoadContext("host-" + Guid.NewGuid().ToString("N"), isCollectible: true);
            var cmdlets = host.LoadFromAssemblyPath(Path.Combine(CoreFolder, "OctopusUpgrade.dll"));
            var type = cmdlets.GetType("OctopusUpgrade.Loading.DependencyLoadContext", throwOnError: true)!;
            return (AssemblyLoadContext)Activator.CreateInstance(type, DependenciesFolder)!;
        }

        [Fact]
        public void The_engine_and_its_dependencies_load_from_the_dependencies_folder_into_the_private_context()
        {
            var context = NewDependencyContext();
            var engine = context.LoadFromAssemblyName(new AssemblyName("OctopusUpgrade.Engine"));

            Assert.Equal(Path.Combine(DependenciesFolder, "OctopusUpgrade.Engine.dll"), engine.Location);
            Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));

            var newtonsoft = context.LoadFromAssemblyName(new AssemblyName("Newtonsoft.Json"));
            Assert.Equal(Path.Combine(DependenciesFolder, "Newtonsoft.Json.dll"), newtonsoft.Location);
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.Location == newtonsoft.Location);
        }

        [Fact]
        public void A_second_module_folder_in_the_same_process_is_refused_with_a_clear_message()
        {
            var host = new AssemblyLoadContext("host-" + Guid.NewGuid().ToString("N"), isCollectible: true);
            var type = host.LoadFromAssemblyPath(Path.Combine(CoreFolder, "OctopusUpgrade.dll")).GetType("OctopusUpgrade.Loading.DependencyLoadContext", throwOnError: true)!;
            void Register(string folder) => type.GetMethod("Register")!.Invoke(null, new object[] { folder });
            try
            {
                Register(DependenciesFolder);
                Register(DependenciesFolder);

                var error = Assert.Throws<TargetInvocationException>(() => Register(Path.Combine(Path.GetTempPath(), "OctopusUpgrade-other-version")));
                Assert.IsType<InvalidOperationException>(error.InnerException);
                Assert.Contains("Start a new PowerShell session", error.InnerException!.Message, StringComparison.Ordinal);
            }
            finally
            {
                type.GetMethod("Unregister")!.Invoke(null, null);
            }
        }

        [Fact]
        public void Framework_assemblies_are_not_duplicated_into_the_private_context()
        {
            var context = NewDependencyContext();
            var runtime = context.LoadFromAssemblyName(new AssemblyName("System.Runtime"));
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(runtime));
        }

        [Fact]
        public void SqlClient_resolves_to_the_build_for_this_operating_system()
        {
            var context = NewDependencyContext();
            var sqlClient = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Data.SqlClient"));
            var expected = OperatingSystem.IsWindows() ? "win" : "unix";
            Assert.Equal(Path.Combine(DependenciesFolder, "runtimes", expected, "lib", "net8.0", "Microsoft.Data.SqlClient.dll"), sqlClient.Location);
        }

        [Fact]
        public async Task The_engine_reaches_sql_server_through_sqlclient_inside_the_private_context()
        {
            var context = NewDependencyContext();
            var engine = context.LoadFromAssemblyName(new AssemblyName("OctopusUpgrade.Engine"));
            var masker = Activator.CreateInstance(engine.GetType("OctopusUpgrade.Engine.Security.SecretMasker", true)!)!;
            var parse = engine.GetType("OctopusUpgrade.Engine.Sql.SqlConnectionInfo", true)!.GetMethod("Parse")!;
            var connection = parse.Invoke(null, new object?[] { "Server=127.0.0.1,1;Database=Octopus;Integrated Security=false;User ID=sa;Password=not-used-1;Connect Timeout=2", null, masker })!;
            var gateway = Activator.CreateInstance(engine.GetType("OctopusUpgrade.Engine.Sql.SqlServerGateway", true)!, connection)!;
            var open = (Task)gateway.GetType().GetMethod("OpenAsync")!.Invoke(gateway, new object[] { CancellationToken.None })!;

            var error = await Record.ExceptionAsync(() => open);

            Assert.Equal("OctopusUpgrade.Engine.Errors.OctopusUpgradeException", error?.GetType().FullName);
            Assert.Equal("SqlConnectionFailed", error!.GetType().GetProperty("ErrorId")!.GetValue(error));
            Assert.DoesNotContain("not-used-1", error.ToString(), StringComparison.Ordinal);
            var loadedSqlClient = context.Assemblies.Single(a => a.GetName().Name == "Microsoft.Data.SqlClient");
            Assert.StartsWith(Path.Combine(DependenciesFolder, "runtimes"), loadedSqlClient.Location, StringComparison.Ordinal);
        }

        [Fact]
        public void Everything_the_engine_needs_transitively_is_in_the_layout()
        {
            var context = NewDependencyContext();
            var pending = new System.Collections.Generic.Queue<Assembly>(new[] { context.LoadFromAssemblyName(new AssemblyName("OctopusUpgrade.Engine")) });
            var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            while (pending.Count > 0)
            {
                foreach (var reference in pending.Dequeue().GetReferencedAssemblies().Where(r => seen.Add(r.Name!)))
                {
                    var loaded = context.LoadFromAssemblyName(reference);
                    if (AssemblyLoadContext.GetLoadContext(loaded) == context)
                    {
                        pending.Enqueue(loaded);
                    }
                }
            }

            Assert.Contains("Std.UriTemplate", seen);
        }
    }
}
