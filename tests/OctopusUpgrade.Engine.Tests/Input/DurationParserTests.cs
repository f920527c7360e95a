using System;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Input;

namespace OctopusUpgrade.Engine.Tests.Input
{
    public sealed class DurationParserTests
    {
        public static TheoryData<object, TimeSpan> Accepted => new()
        {
            { 90, TimeSpan.FromSeconds(90) },
            { 600L, TimeSpan.FromMinutes(10) },
            { 1.5, TimeSpan.FromSeconds(1.5) },
            { "45", TimeSpan.FromSeconds(45) },
            { "00:30:00", TimeSpan.FromMinutes(30) },
            { "1.02:00:00", TimeSpan.FromHours(26) },
            { TimeSpan.FromHours(2), TimeSpan.FromHours(2) },
        };

        [Theory]
        [MemberData(nameof(Accepted))]
        public void A_duration_is_read_as_an_administrator_means_it(object value, TimeSpan expected)
        {
            Assert.Equal(expected, DurationParser.Parse(value));
        }

        [Theory]
        [InlineData(0, "DurationNotPositive")]
        [InlineData(-5, "DurationNotPositive")]
        [InlineData("00:00:00", "DurationNotPositive")]
        [InlineData("ten minutes", "DurationNotRecognised")]
        [InlineData(null, "DurationNotRecognised")]
        [InlineData(double.NaN, "DurationNotRecognised")]
        [InlineData(1e300, "DurationNotRecognised")]
        public void A_bad_duration_is_refused_with_its_own_error(object? value, string errorId)
        {
            var error = Assert.Throws<OctopusUpgradeException>(() => DurationParser.Parse(value));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
        }
    }
}
