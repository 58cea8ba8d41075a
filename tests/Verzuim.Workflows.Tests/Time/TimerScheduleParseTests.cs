using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Time;

[Trait("Category", "Unit")]
public class TimerScheduleParseTests
{
    [Theory]
    [InlineData(TimerKind.Date, "2026-03-15T09:00:00Z")]
    [InlineData(TimerKind.Date, "2026-03-15T09:00:00+01:00")]
    [InlineData(TimerKind.Date, "2026-03-15T09:00:00-05:30")]
    [InlineData(TimerKind.Date, "2026-03-15T09:00:00.250Z")]
    [InlineData(TimerKind.Date, "2026-03-15T09:00")]
    [InlineData(TimerKind.Date, "2026-03-15")]
    [InlineData(TimerKind.Duration, "P3W")]
    [InlineData(TimerKind.Duration, "PT12H")]
    [InlineData(TimerKind.Duration, "P1Y2M3W4DT5H6M7.5S")]
    [InlineData(TimerKind.Duration, "PT0,5S")]
    [InlineData(TimerKind.Duration, "p1d")]
    [InlineData(TimerKind.Duration, "PT0S")]
    [InlineData(TimerKind.Duration, "3 schoolweken")]
    [InlineData(TimerKind.Duration, "1 schoolweek")]
    [InlineData(TimerKind.Duration, "7 schooldagen")]
    [InlineData(TimerKind.Duration, "1 schooldag")]
    [InlineData(TimerKind.Duration, "3 school weeks")]
    [InlineData(TimerKind.Duration, "7 school days")]
    [InlineData(TimerKind.Duration, "3 SchoolWeken")]
    [InlineData(TimerKind.Cycle, "R5/PT10M")]
    [InlineData(TimerKind.Cycle, "R/P1D")]
    [InlineData(TimerKind.Cycle, "R3/2026-01-05T08:00:00Z/P1W")]
    [InlineData(TimerKind.Cycle, "R3/1 schoolweek")]
    [InlineData(TimerKind.Cycle, "R/2026-01-05/2 schooldagen")]
    public void Accepts_every_documented_form(TimerKind kind, string text)
    {
        var schedule = TimerSchedule.Parse(kind, text);
        Assert.Equal(kind, schedule.Kind);
        Assert.Equal(text, schedule.Text);
        Assert.Equal(text, schedule.ToString());
    }

    [Fact]
    public void Surrounding_and_inner_whitespace_is_tolerated_for_school_time()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Duration, "  3   schoolweken \t");
        Assert.Equal("3   schoolweken", schedule.Text);
        Assert.True(schedule.IsSchoolTime);
    }

    [Theory]
    [InlineData(TimerKind.Duration, "3 schoolweken", true)]
    [InlineData(TimerKind.Duration, "7 school days", true)]
    [InlineData(TimerKind.Duration, "P3W", false)]
    [InlineData(TimerKind.Cycle, "R3/1 schoolweek", true)]
    [InlineData(TimerKind.Cycle, "R3/P1W", false)]
    [InlineData(TimerKind.Date, "2026-03-15", false)]
    public void IsSchoolTime_tells_school_time_from_clock_time(TimerKind kind, string text, bool expected)
    {
        Assert.Equal(expected, TimerSchedule.Parse(kind, text).IsSchoolTime);
    }

    [Theory]
    [InlineData(TimerKind.Date, "2026-03-15", 1)]
    [InlineData(TimerKind.Duration, "PT1H", 1)]
    [InlineData(TimerKind.Cycle, "R5/PT10M", 5)]
    [InlineData(TimerKind.Cycle, "R/PT10M", null)]
    public void Repetitions_reports_how_often_the_timer_fires(TimerKind kind, string text, int? expected)
    {
        Assert.Equal(expected, TimerSchedule.Parse(kind, text).Repetitions);
    }

    [Fact]
    public void The_duration_message_quotes_the_text_and_names_both_forms()
    {
        var ex = Assert.Throws<TimerFormatException>(() => TimerSchedule.Parse(TimerKind.Duration, "drie weken"));
        Assert.Equal(
            "Ongeldige tijdsduur 'drie weken': verwacht ISO 8601 (P3W, PT12H) of schooltijd ('3 schoolweken', '7 schooldagen').",
            ex.Message);
        Assert.Equal(TimerKind.Duration, ex.Kind);
        Assert.Equal("drie weken", ex.Text);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("-P1D")]
    [InlineData("P1.5D")]
    [InlineData("PT1H30")]
    [InlineData("1D")]
    [InlineData("P99999999999D")]
    [InlineData("3 weken")]
    [InlineData("-3 schoolweken")]
    [InlineData("drie schoolweken")]
    [InlineData("")]
    [InlineData("2026-03-15")]
    public void Rejects_invalid_durations_quoting_the_text(string text)
    {
        var ex = Assert.Throws<TimerFormatException>(() => TimerSchedule.Parse(TimerKind.Duration, text));
        Assert.StartsWith($"Ongeldige tijdsduur '{text}': verwacht ISO 8601", ex.Message);
    }

    // these parsed, then overflowed the calendar when added (a 500 on a task due 'P1000000Y') or counted school days for ages
    [Theory]
    [InlineData(TimerKind.Duration, "P1000000Y", "Ongeldige tijdsduur 'P1000000Y': langer dan 100 jaar")]
    [InlineData(TimerKind.Duration, "P101Y", "Ongeldige tijdsduur 'P101Y': langer dan 100 jaar")]
    [InlineData(TimerKind.Duration, "PT900000H", "Ongeldige tijdsduur 'PT900000H': langer dan 100 jaar")]
    [InlineData(TimerKind.Duration, "2000000000 schooldagen", "Ongeldige tijdsduur '2000000000 schooldagen': langer dan 100 jaar")]
    [InlineData(TimerKind.Cycle, "R/P1000000Y", "Ongeldige herhaling 'R/P1000000Y': interval 'P1000000Y' is langer dan 100 jaar")]
    public void Rejects_durations_beyond_a_hundred_years_by_name(TimerKind kind, string text, string expected)
    {
        var ex = Assert.Throws<TimerFormatException>(() => TimerSchedule.Parse(kind, text));
        Assert.StartsWith(expected, ex.Message);
        Assert.NotNull(TimerSchedule.Parse(TimerKind.Duration, "P100Y")); // the limit itself is allowed
    }

    [Theory]
    [InlineData("morgen")]
    [InlineData("15-03-2026")]
    [InlineData("2026-02-30")]
    [InlineData("2026-03-15T25:00:00Z")]
    [InlineData("2026-03-15T09:60")]
    [InlineData("2026-03-15T09:00:00+15:00")]
    [InlineData("2026-03-15 09:00")]
    [InlineData("P1D")]
    public void Rejects_invalid_dates_quoting_the_text(string text)
    {
        var ex = Assert.Throws<TimerFormatException>(() => TimerSchedule.Parse(TimerKind.Date, text));
        Assert.StartsWith($"Ongeldig tijdstip '{text}': verwacht ISO 8601 datum-tijd", ex.Message);
        Assert.Equal(TimerKind.Date, ex.Kind);
    }

    [Theory]
    [InlineData("PT10M", "Ongeldige herhaling 'PT10M': verwacht ISO 8601 herhaling (R5/PT10M, R/P1D, R3/2026-01-05T08:00:00Z/P1W) of schooltijd ('R3/1 schoolweek').")]
    [InlineData("R5", "Ongeldige herhaling 'R5': verwacht ISO 8601 herhaling")]
    [InlineData("5/PT10M", "Ongeldige herhaling '5/PT10M': verwacht ISO 8601 herhaling")]
    [InlineData("R1/2/3/4", "Ongeldige herhaling 'R1/2/3/4': verwacht ISO 8601 herhaling")]
    [InlineData("R0/PT10M", "Ongeldige herhaling 'R0/PT10M': het aantal herhalingen moet een getal van minstens 1 zijn")]
    [InlineData("R5/PT", "Ongeldige herhaling 'R5/PT': interval 'PT' is geen geldige tijdsduur; verwacht ISO 8601 (P3W, PT12H)")]
    [InlineData("R5/drie weken", "Ongeldige herhaling 'R5/drie weken': interval 'drie weken' is geen geldige tijdsduur")]
    [InlineData("R3/morgen/P1D", "Ongeldige herhaling 'R3/morgen/P1D': starttijd 'morgen' is geen geldig tijdstip")]
    [InlineData("R/PT0S", "Ongeldige herhaling 'R/PT0S': interval 'PT0S' is nul")]
    [InlineData("R/0 schooldagen", "Ongeldige herhaling 'R/0 schooldagen': interval '0 schooldagen' is nul")]
    public void Rejects_invalid_cycles_saying_which_part_is_wrong(string text, string expectedStart)
    {
        var ex = Assert.Throws<TimerFormatException>(() => TimerSchedule.Parse(TimerKind.Cycle, text));
        Assert.StartsWith(expectedStart, ex.Message);
        Assert.Equal(TimerKind.Cycle, ex.Kind);
    }

    [Fact]
    public void TryParse_reports_success_and_the_same_error_as_Parse()
    {
        Assert.True(TimerSchedule.TryParse(TimerKind.Cycle, "R3/1 schoolweek", out var schedule, out var error));
        Assert.NotNull(schedule);
        Assert.Null(error);

        Assert.False(TimerSchedule.TryParse(TimerKind.Duration, "drie weken", out schedule, out error));
        Assert.Null(schedule);
        var thrown = Assert.Throws<TimerFormatException>(() => TimerSchedule.Parse(TimerKind.Duration, "drie weken"));
        Assert.Equal(thrown.Message, error);
    }

    [Fact]
    public void A_missing_expression_is_a_format_error_not_a_crash()
    {
        Assert.False(TimerSchedule.TryParse(TimerKind.Duration, null!, out _, out var error));
        Assert.StartsWith("Ongeldige tijdsduur '':", error);
        Assert.Throws<TimerFormatException>(() => TimerSchedule.Parse(TimerKind.Date, null!));
    }
}
