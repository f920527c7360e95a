using System;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    public sealed class DurationTextTests
    {
        [Theory]
        [InlineData(-5.0, "0 s")]
        [InlineData(0.0, "0 s")]
        [InlineData(0.6, "1 s")]
        [InlineData(44.4, "44 s")]
        [InlineData(59.0, "59 s")]
        [InlineData(59.6, "1 min")]
        [InlineData(60.0, "1 min")]
        [InlineData(61.0, "1 min 1 s")]
        [InlineData(200.0, "3 min 20 s")]
        [InlineData(3540.0, "59 min")]
        [InlineData(3599.0, "59 min 59 s")]
        [InlineData(3600.0, "1 h")]
        [InlineData(3601.0, "1 h")]
        [InlineData(3660.0, "1 h 1 min")]
        [InlineData(3900.0, "1 h 5 min")]
        [InlineData(7200.0, "2 h")]
        [InlineData(90000.0, "25 h")]
        public void A_duration_is_described_in_its_two_largest_units(double seconds, string expected)
        {
            Assert.Equal(expected, DurationText.Describe(TimeSpan.FromSeconds(seconds)));
        }
    }
}
