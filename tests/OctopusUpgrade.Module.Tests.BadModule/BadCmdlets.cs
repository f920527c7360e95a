using System.Buffers;
using System.Management.Automation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

// Each type breaks named contract rules on purpose; the comments say which, and the tests look for exactly those.
namespace BadModule
{
    /// <summary>Stands in for the module's session type.</summary>
    public sealed class OctopusUpgradeSession
    {
    }

    /// <summary>UnapprovedVerb, MissingOutputType, ManifestMissingCmdlet (not listed), MissingSynopsis (no docs).</summary>
    [Cmdlet("Upgrade", "OctopusThing")]
    public sealed class UpgradeOctopusThingCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public OctopusUpgradeSession? Session { get; set; }
    }

    /// <summary>ConfirmImpactNotHigh (a Remove- left at Medium), SessionNotPipelineBound.</summary>
    [Cmdlet(VerbsCommon.Remove, "OctopusData", SupportsShouldProcess = true)]
    [OutputType(typeof(string))]
    public sealed class RemoveOctopusDataCommand : PSCmdlet
    {
        [Parameter]
        public OctopusUpgradeSession? Session { get; set; }
    }

    /// <summary>MissingShouldProcess, DuplicatePosition, ThirdPartyTypeInSignature, MissingParameterHelp.</summary>
    [Cmdlet(VerbsCommon.Set, "OctopusThing")]
    [OutputType(typeof(string))]
    public sealed class SetOctopusThingCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public OctopusUpgradeSession? Session { get; set; }

        [Parameter(Position = 0)]
        public string? Name { get; set; }

        [Parameter(Position = 0)]
        public JObject? Settings { get; set; }

        public JsonSerializer? Serializer { get; set; }
    }

    /// <summary>ThirdPartyTypeInHierarchy: a non-public type that implements a dependency's interface.</summary>
    internal sealed class CharPool : IArrayPool<char>
    {
        public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array is not null)
            {
                ArrayPool<char>.Shared.Return(array);
            }
        }
    }
}
