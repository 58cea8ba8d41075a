using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

public sealed class DelayedCompletionsTests
{
    private static readonly ScenarioCalendar Autumn = new()
    {
        Holidays = [new ScenarioHoliday { From = new DateOnly(2026, 10, 17), To = new DateOnly(2026, 10, 25), Name = "Herfstvakantie noord" }],
        StudyDays = [new DateOnly(2026, 10, 14)],
    };

    [Fact]
    public void School_days_skip_weekends_holidays_and_study_days()
    {
        // Mon 12 Oct 2026 + 4 school days: Tue 13 (1), Wed 14 study day, Thu 15 (2), Fri 16 (3), holiday 17-25, Mon 26 (4)
        var from = new DateTimeOffset(2026, 10, 12, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero), DelayedCompletions.AddSchoolDays(from, 4, Autumn));
        Assert.Equal(from, DelayedCompletions.AddSchoolDays(from, 0, Autumn));
    }

    [Fact]
    public void Completions_move_later_within_the_bound_and_messages_keep_their_instants()
    {
        var message = new ScenarioEvent { At = new DateTimeOffset(2026, 10, 13, 8, 0, 0, TimeSpan.Zero), Message = "AbsentieGeregistreerd" };
        var completion = new ScenarioEvent { At = new DateTimeOffset(2026, 10, 12, 9, 0, 0, TimeSpan.Zero), CompleteTask = "t" };
        var scenario = new Scenario
        {
            Start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), Until = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            Calendar = Autumn, Events = [completion, message],
        };
        var seen = new HashSet<DateTimeOffset>();
        for (var seed = 0; seed < 40; seed++)
        {
            var postponed = DelayedCompletions.Postpone(scenario, new Random(seed), maxSchoolDays: 4);
            Assert.Equal(message, postponed.Events!.Single(e => e.Message is not null));
            var moved = postponed.Events!.Single(e => e.CompleteTask is not null);
            Assert.True(moved.IfOpen);
            Assert.InRange(moved.At!.Value, completion.At!.Value, new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero));
            Assert.True(DelayedCompletions.IsSchoolDay(DateOnly.FromDateTime(moved.At.Value.UtcDateTime), Autumn));
            Assert.Equal(postponed.Events!.OrderBy(e => e.At).ToList(), postponed.Events); // still in time order
            seen.Add(moved.At.Value);
        }
        Assert.Equal(5, seen.Count); // 0..4 school days: every delay occurs over 40 seeds
    }
}
