using System;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>The <c>--sql-…</c> start options set the same faults the API does.</summary>
    public sealed class SqlFaultOptionTests
    {
        [Fact]
        public void Start_options_set_counted_faults()
        {
            var faults = new SqlFaults();

            SqlStartOptions.Apply(["start", "--sql-deny-device", "2", "--sql-volume-full", "1", "--sql-disconnect", "30", "--sql-slow", "250"], faults);

            Assert.True(faults.TakeDeviceDenied());
            Assert.True(faults.TakeDeviceDenied());
            Assert.False(faults.TakeDeviceDenied());
            Assert.True(faults.TakeVolumeFull());
            Assert.False(faults.TakeVolumeFull());
            Assert.Equal(30, faults.TakeDropPercent());
            Assert.Null(faults.TakeDropPercent());
            Assert.Equal(TimeSpan.FromMilliseconds(250), faults.PerPercentDelay);
        }

        [Theory]
        [InlineData("--sql-deny-device", "0")]
        [InlineData("--sql-disconnect", "100")]
        [InlineData("--sql-slow", "-5")]
        [InlineData("--sql-volume-full", "many")]
        public void Bad_values_are_refused(string option, string value)
        {
            var error = Record.Exception(() => SqlStartOptions.Apply([option, value], new SqlFaults()));

            Assert.True(error is ArgumentException or FormatException, error?.ToString());
        }
    }
}
