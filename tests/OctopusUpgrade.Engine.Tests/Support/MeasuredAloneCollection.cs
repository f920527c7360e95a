namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>
    /// Tests that measure the whole process (its heap) run in this collection, which xUnit runs on its own after the
    /// parallel ones, so no other test's allocations are counted.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MeasuredAloneCollection
    {
        public const string Name = "Measured alone";
    }
}
