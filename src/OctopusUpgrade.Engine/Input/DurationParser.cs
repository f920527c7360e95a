using System;
using System.Globalization;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Input
{
    /// <summary>
    /// Reads a duration the way an administrator writes one: a plain number is seconds (90), a string is seconds
    /// or a TimeSpan ("00:30:00"), a TimeSpan is itself. PowerShell's own conversion would read 90 as 90 ticks.
    /// </summary>
    public static class DurationParser
    {
        public static TimeSpan Parse(object? value)
        {
            TimeSpan? duration = value switch
            {
                TimeSpan span => span,
                int or long or short or byte or double or float or decimal => FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => FromSeconds(seconds),
                string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) => span,
                _ => null,
            };

            if (duration is null)
            {
                throw new OctopusUpgradeException(
                    DurationErrorIds.NotRecognised,
                    FailureCategory.InvalidArgument,
                    $"'{value}' is not a duration: give seconds (90), a TimeSpan string (00:30:00) or a TimeSpan (New-TimeSpan -Minutes 30).",
                    value);
            }

            if (duration.Value <= TimeSpan.Zero)
            {
                throw new OctopusUpgradeException(DurationErrorIds.NotPositive, FailureCategory.InvalidArgument, $"The duration must be more than zero; '{value}' is not.", value);
            }

            return duration.Value;
        }

        private static TimeSpan? FromSeconds(double seconds) =>
            double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds ? null : TimeSpan.FromSeconds(seconds);
    }
}
