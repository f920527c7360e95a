using System.Reflection;

namespace OctopusUpgrade.Engine.Execution
{
    /// <summary>The engine build's version, as stamped from Directory.Build.props.</summary>
    public static class EngineVersion
    {
        public static string Current { get; } =
            typeof(EngineVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";
    }
}
