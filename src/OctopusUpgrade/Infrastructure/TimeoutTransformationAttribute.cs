using System;
using System.Management.Automation;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Input;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>
    /// Lets a TimeSpan parameter take a plain number as seconds (<c>-Timeout 90</c>), a TimeSpan string or a
    /// TimeSpan; zero and negative durations are refused. The rules are the engine's <see cref="DurationParser"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TimeoutTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            try
            {
                return DurationParser.Parse(inputData is PSObject wrapped ? wrapped.BaseObject : inputData);
            }
            catch (OctopusUpgradeException error)
            {
                throw new ArgumentTransformationMetadataException(error.Message, error);
            }
        }
    }
}
