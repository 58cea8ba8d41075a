namespace Verzuim.Workflows.Time;

/// <summary>
/// Conversions between instants and wall-clock time in a zone. All school-time and calendar
/// arithmetic happens on the wall clock, so these two functions are the only places where
/// daylight saving time has to be handled.
/// </summary>
public static class ZonedTime
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>
    /// Resolves a wall-clock time to a UTC instant. Wall-clock times that do not exist
    /// (skipped by spring-forward) move forward by the length of the gap, as a clock on the
    /// wall would show (02:30 becomes 03:30). Wall-clock times that occur twice (fall-back)
    /// resolve to the first occurrence, so a deadline is never later than the wall clock says.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

        if (zone.IsInvalidTime(local))
        {
            // Read the wall clock with the offset in force before the gap; the day before is
            // a safe place to sample it because zones do not change offset twice in a day.
            var offsetBeforeGap = zone.GetUtcOffset(local.AddDays(-1));
            return new DateTimeOffset(local - offsetBeforeGap, TimeSpan.Zero);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var firstOccurrenceOffset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, firstOccurrenceOffset).ToUniversalTime();
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
