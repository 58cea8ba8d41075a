using System.Text.Json.Nodes;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

/// <summary>
/// Ichthus (seed 002) with kernteams that take their time: random registrations of one pupil over a term, and every
/// task completed on random later school days (often weeks later), while the absences keep coming. Whatever is open,
/// each threshold of the seed must fire on the registration that reaches it. The expected days come from
/// <see cref="IchthusReference"/>, which counts the seed's rules over the generated registrations itself.
/// </summary>
public sealed class IchthusDelayedCompletionTests
{
    // Dronten is in holiday region noord (all of Flevoland but Zeewolde); term 4 Jan - 19 Mar 2027, no public holiday in it
    private static readonly ScenarioCalendar Noord = new()
    {
        Region = "noord",
        Holidays =
        [
            new ScenarioHoliday { From = new DateOnly(2026, 12, 19), To = new DateOnly(2027, 1, 3), Name = "Kerstvakantie 2026-2027" },
            new ScenarioHoliday { From = new DateOnly(2027, 2, 13), To = new DateOnly(2027, 2, 21), Name = "Voorjaarsvakantie 2027 regio noord" },
        ],
    };

    private static readonly DateOnly First = new(2027, 1, 4), Last = new(2027, 3, 19);

    /// <summary>What a person enters when completing each task; a completion attempt finds the oldest open one.</summary>
    private static readonly Dictionary<string, JsonObject> Forms = new()
    {
        ["ich_stap1_informeren"] = [], ["ich_stap1_contact"] = new() { ["contactMet"] = "leerling" },
        ["ich_stap2_contact"] = new() { ["afspraken"] = "besproken", ["leCoGeinformeerd"] = true },
        ["ich_stap3_vragen"] = [], ["ich_stap3_geen_antwoord"] = new() { ["vervolg"] = "opnieuwVragen" },
        ["tl_3"] = [], ["tl_6"] = [], ["tl_6_gesprek"] = [], ["tl_9"] = [], ["tl_omzetten"] = [],
        ["sp_3_inlichten"] = new() { ["achttienPlus"] = false }, ["sp_3_gesprek"] = [], ["sp_6"] = [],
        ["sp_9"] = new() { ["afspraken"] = "RTO gehouden" }, ["duo_melden"] = new() { ["duoKenmerk"] = "DUO-TEST" },
    };

    public static TheoryData<int> Seeds() => DelayedCompletions.Seeds(50);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_threshold_fires_on_its_day_while_tasks_wait(int seed)
    {
        var random = new Random(seed);
        var registrations = Generate(random);
        var result = await DelayedCompletions.RunAsync(Scenario(registrations, random));

        Assert.DoesNotContain(result.Timeline, e => e.Kind == "Incident");
        var expected = IchthusReference.Thresholds(registrations, day => DelayedCompletions.IsSchoolDay(day, Noord));
        var actual = result.Timeline
            .Where(e => e.Kind == "ActivityStarted" && IchthusReference.Milestones.Contains(e.Id!))
            .Select(e => $"{e.Id} {DateOnly.FromDateTime(e.At.UtcDateTime):yyyy-MM-dd}").ToList();
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"seed {seed}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]\n" +
            $"registrations: {string.Join(" ", registrations.Select(r => $"{r.Day:MM-dd}:{r.Kind}{r.Amount}"))}");
        // the point of the exercise: some threshold fired while an earlier task of the same case was still open
        Assert.True(expected.Count == 0 || result.Timeline.Any(e => e.Kind == "TaskCompleted"), $"seed {seed}: no task was ever completed");
    }

    /// <summary>
    /// One registration a school day at most: sick spells of 1-9 days, unexcused hours (1-8), late minutes (5-30),
    /// and quiet days, in random order, so every threshold of 002 is reached in some runs and missed in others.
    /// </summary>
    private static List<IchthusReference.Registration> Generate(Random random)
    {
        var list = new List<IchthusReference.Registration>();
        var sickLeft = 0;
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            if (!DelayedCompletions.IsSchoolDay(day, Noord)) continue;
            if (sickLeft > 0) { sickLeft--; list.Add(new(day, "Ziek", 6)); continue; }
            var roll = random.NextDouble();
            if (roll < 0.10) { sickLeft = random.Next(0, 9); list.Add(new(day, "Ziek", 6)); }
            else if (roll < 0.30) list.Add(new(day, "Ongeoorloofd", random.Next(1, 9)));
            else if (roll < 0.50) list.Add(new(day, "TeLaat", random.Next(5, 31)));
        }
        return list;
    }

    /// <summary>
    /// The registrations at 09:00 CET, and for every task kind a completion attempt on about one school day in four
    /// (14:00 CET, marked ifOpen): a task waits from 0 to many school days, sometimes weeks, for its person.
    /// </summary>
    private static Scenario Scenario(List<IchthusReference.Registration> registrations, Random random)
    {
        var events = registrations.Select(r => new ScenarioEvent
        {
            At = new DateTimeOffset(r.Day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), Message = "AbsentieGeregistreerd",
            Data = new JsonObject
            {
                ["leerlingId"] = "L-001", ["schoolId"] = "S-ichthus-zas-route", ["datum"] = r.Day.ToString("yyyy-MM-dd"), ["soort"] = r.Kind,
                [r.Kind == "TeLaat" ? "minuten" : "uren"] = r.Amount,
            },
        }).ToList();
        for (var day = First; day <= Last.AddDays(14); day = day.AddDays(1))
            if (DelayedCompletions.IsSchoolDay(day, Noord))
                foreach (var (task, form) in Forms)
                    if (random.NextDouble() < 0.25)
                        events.Add(new ScenarioEvent
                        {
                            At = new DateTimeOffset(day.ToDateTime(new TimeOnly(13, 0)), TimeSpan.Zero), CompleteTask = task,
                            Data = form.DeepClone().AsObject(), IfOpen = true,
                        });
        return new Scenario
        {
            Workflow = Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", "ichthus-zas-route.bpmn"),
            Start = new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), Until = new DateTimeOffset(2027, 4, 3, 0, 0, 0, TimeSpan.Zero),
            Calendar = Noord, Variables = new JsonObject { ["leerlingId"] = "L-001", ["schoolId"] = "S-ichthus-zas-route" },
            Events = events.OrderBy(e => e.At).ThenBy(e => e.Message is null ? 1 : 0).ToList(),
        };
    }
}
