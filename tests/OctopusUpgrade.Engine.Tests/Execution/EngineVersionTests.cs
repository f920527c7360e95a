using System.Reflection;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    public sealed class EngineVersionTests
    {
        [Fact]
        public void The_engine_version_is_the_builds_version_without_its_source_revision()
        {
            var assembly = typeof(EngineVersion).Assembly;

            Assert.Equal(assembly.GetName().Version!.ToString(3), EngineVersion.Current);
            Assert.StartsWith(EngineVersion.Current, assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, System.StringComparison.Ordinal);
            Assert.DoesNotContain("+", EngineVersion.Current, System.StringComparison.Ordinal);
        }
    }
}
