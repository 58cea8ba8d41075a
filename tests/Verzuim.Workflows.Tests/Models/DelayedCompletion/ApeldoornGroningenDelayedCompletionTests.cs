using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

/// <summary>
/// Seeds 003 and 004 with people who take their time: every task completion of a scenario is postponed by 0-10 school
/// days (30 fixed seeds per scenario), the registrations keep their dates, and each legal or protocol threshold must
/// still happen exactly once, on the registration or school day the seed rule gives — computed here from the
/// registrations by <see cref="SeedThresholds"/>, not by the engine's ledger.
/// </summary>
public sealed class ApeldoornGroningenDelayedCompletionTests
{
    private const int Runs = 30; // 30 fixed seeds x 5 scenarios: about 5 minutes on the shared test machine
    private const int MaxDelaySchoolDays = 10;
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static TheoryData<string> GroningenScenarios() => new()
    {
        "groningen-stappenplan/09-3a-16-uur-herstel-tijdens-duo-melding.json",
        "groningen-stappenplan/11-luxe-vakantie-16-uur-terwijl-taken-openstaan.json",
    };

    public static TheoryData<string> ApeldoornScenarios() => new()
    {
        "apeldoorn-opschalingsmodel/01-mazl-herstel-voor-kantelpunt.json",
        "apeldoorn-opschalingsmodel/10-geen-interventies-toestemming-alsnog-vier-weken-ziek.json",
        "apeldoorn-opschalingsmodel/11-ongeoorloofd-vier-weken-swv-terwijl-taken-openstaan.json",
    };

    [Theory]
    [MemberData(nameof(GroningenScenarios))]
    public async Task Groningen_thresholds_fire_on_their_day_whatever_is_open(string file)
    {
        var original = DelayedCompletions.Load(file);
        var rules = new SeedThresholds(original);
        // Seed 004: the case opens on the richtlijn of 3a (4 sick reports in 12 school weeks, 7th consecutive day;
        // 7th consecutive excused day), on any unknown absence or lateness (3b), or on luxe verzuim.
        var opening = rules.FirstWhere(r =>
            r.Soort == "Ziek" && (rules.SickReports12Weeks(r) >= 4 || rules.ConsecutiveSchoolDays(r, "Ziek") >= 7)
            || r.Soort == "Geoorloofd" && rules.ConsecutiveSchoolDays(r, "Ziek", "Geoorloofd") >= 7
            || (r.Soort is "Ongeoorloofd" or "TeLaat") && rules.UnexcusedHours4Weeks(r, withLateness: true) > 0
            || r.Soort == "Luxe")!.Value;
        // Footnote 8, one report per reason: 16 h (unknown absence and lateness) in 4 school weeks, unexcused next to
        // a holiday, more than 4 school weeks unexcused; luxe verzuim.
        var expected = new Dictionary<string, DateTimeOffset?>
        {
            ["gro_duo_16uur"] = rules.FirstWhere(r => r.At >= opening && rules.UnexcusedHours4Weeks(r, withLateness: true) >= 16),
            ["gro_duo_vakantie"] = rules.FirstWhere(r => r.At >= opening && r.Soort == "Ongeoorloofd" && rules.BordersHoliday(r.Datum)),
            ["gro_duo_luxe"] = rules.FirstWhere(r => r.At >= opening && r.Soort == "Luxe"),
            ["gro_duo_langdurig"] = rules.FirstWhere(r => r.At >= opening && rules.ConsecutiveSchoolDays(r, "Ongeoorloofd") > 20),
        };
        // Steps 3a/3b: the first kantelpunt is 3 school weeks after the opening, whatever is open.
        var firstKantelpunt = AddSchoolDays(opening, 15, original.Calendar);
        var recovered = original.Events!.FirstOrDefault(e => e.Message == "SchoolgangHersteld")?.At;

        for (var seed = 0; seed < Runs; seed++)
        {
            var scenario = DelayedCompletions.Postpone(original, new Random(seed), MaxDelaySchoolDays);
            var result = await DelayedCompletions.RunAsync(scenario);
            var why = $"{file}, seed {seed}";
            Assert.DoesNotContain(result.Timeline, e => e.Kind == "Incident");
            Assert.Equal(opening, Single(result, "InstanceStarted", "groningen-stappenplan", why));
            foreach (var (report, at) in expected)
                Assert.True(at == Optional(result, "ActivityStarted", report, why), $"{why}: {report} expected at {at?.ToString("O") ?? "never"}");
            var kantelpunt = result.Timeline.First(e => e.Kind == "TimerScheduled" && e.Id is "gro_3a_kantelpunt" or "gro_3b_kantelpunt");
            Assert.True(firstKantelpunt == kantelpunt.Due, $"{why}: first kantelpunt due {kantelpunt.Due:O}, seed rule {firstKantelpunt:O}");

            // Bijlage 1C: recovery in 4b (entered on the 16-hour registration before the 3-week kantelpunt) keeps
            // the six-week evaluation: it comes 6 school weeks after 4b began, however late the tasks are done.
            if (recovered is { } r && expected["gro_duo_16uur"] is { } entered4b && entered4b < firstKantelpunt && r > entered4b
                && !original.Events!.Any(e => e.CompleteTask == "gro_4b_evaluatie"))
            {
                var evaluation = AddSchoolDays(entered4b, 30, original.Calendar);
                if (evaluation < original.Until)
                    Assert.True(evaluation == Optional(result, "TaskCreated", "gro_evaluatie_na_herstel", why), $"{why}: evaluation expected at {evaluation:O}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ApeldoornScenarios))]
    public async Task Apeldoorn_thresholds_fire_on_their_day_whatever_is_open(string file)
    {
        var original = DelayedCompletions.Load(file);
        var rules = new SeedThresholds(original);
        // Seed 003, stap 1: the MAZL rule (4th sick report in 12 school weeks, 7 consecutive sick school days) and
        // relatief verzuim (16 h unexcused in 4 school weeks) open the case; recovery closes it.
        bool Mazl(SeedThresholds.Registration r) => rules.SickReports12Weeks(r) >= 4 || rules.ConsecutiveSchoolDays(r, "Ziek") >= 7;
        var opening = rules.FirstWhere(r => Mazl(r) || rules.UnexcusedHours4Weeks(r, withLateness: false) >= 16)!.Value;
        var closed = original.Events!.FirstOrDefault(e => e.Message == "SchoolgangHersteld")?.At ?? original.Until!.Value;
        bool Open(SeedThresholds.Registration r) => r.At >= opening && r.At < closed;
        var expectedTasks = new Dictionary<string, DateTimeOffset?>
        {
            ["apd_mazl_verwijzen"] = rules.FirstWhere(r => Open(r) && Mazl(r)),
            // hoofdstuk 2: excused absence longer than four (school) weeks → own kernteam and LPA
            ["apd_melden_kernteam_lpa"] = rules.FirstWhere(r => Open(r) && rules.ConsecutiveSchoolDays(r, "Ziek", "Geoorloofd") > 20),
            // stap 2, kantelpunt: longer than four weeks without education → SWV
            ["apd_melden_swv"] = rules.FirstWhere(r => Open(r)
                && (rules.ConsecutiveSchoolDays(r, "Ziek", "Geoorloofd") > 20 || rules.ConsecutiveSchoolDays(r, "Ongeoorloofd") > 20)),
        };
        var duo = rules.FirstWhere(r => Open(r) && rules.UnexcusedHours4Weeks(r, withLateness: false) >= 16);

        for (var seed = 0; seed < Runs; seed++)
        {
            var scenario = DelayedCompletions.Postpone(original, new Random(seed), MaxDelaySchoolDays);
            var result = await DelayedCompletions.RunAsync(scenario);
            var why = $"{file}, seed {seed}";
            Assert.DoesNotContain(result.Timeline, e => e.Kind == "Incident");
            Assert.Equal(opening, Single(result, "InstanceStarted", "apeldoorn-opschalingsmodel", why));
            foreach (var (task, at) in expectedTasks)
                Assert.True(at == Optional(result, "TaskCreated", task, why), $"{why}: {task} expected at {at?.ToString("O") ?? "never"}");
            Assert.True(duo == Optional(result, "ActivityStarted", "apd_duo_melding", why), $"{why}: DUO expected at {duo?.ToString("O") ?? "never"}");

            // Stap 1, kantelpunt: 3 school weeks after the interventions are recorded, or after the opening when
            // nobody records them in that time; a completed watch task escalates earlier (then no timer).
            var recorded = scenario.Events!.FirstOrDefault(e => e.CompleteTask == "apd_stap1_interventies")?.At;
            var fromOpening = AddSchoolDays(opening, 15, original.Calendar);
            var (timer, due) = recorded is { } t && t < fromOpening
                ? ("apd_stap1_kantelpunt", AddSchoolDays(t, 15, original.Calendar))
                : ("apd_stap1_kantelpunt_zonder_interventies", fromOpening);
            var watchDone = scenario.Events!.FirstOrDefault(e => e.CompleteTask == "apd_stap1_bewaken")?.At;
            var fires = due < closed && due < original.Until && !(watchDone is { } w && w < due);
            Assert.True((fires ? due : null) == Optional(result, "TimerFired", timer, why), $"{why}: {timer} expected at {(fires ? due.ToString("O") : "never")}");
        }
    }

    /// <summary>n school days later at the same local time (Europe/Amsterdam), as the models' school-time timers count.</summary>
    private static DateTimeOffset AddSchoolDays(DateTimeOffset at, int days, ScenarioCalendar? calendar)
    {
        var local = TimeZoneInfo.ConvertTime(at, Amsterdam).DateTime;
        for (var added = 0; added < days;)
        {
            local = local.AddDays(1);
            if (DelayedCompletions.IsSchoolDay(DateOnly.FromDateTime(local), calendar)) added++;
        }
        return new DateTimeOffset(local, Amsterdam.GetUtcOffset(local)).ToUniversalTime();
    }

    private static DateTimeOffset Single(SimulationResult result, string kind, string id, string why)
    {
        var hits = result.Timeline.Where(e => e.Kind == kind && e.Id == id).ToList();
        Assert.True(hits.Count == 1, $"{why}: {kind} {id} {hits.Count} times");
        return hits[0].At;
    }

    private static DateTimeOffset? Optional(SimulationResult result, string kind, string id, string why)
    {
        var hits = result.Timeline.Where(e => e.Kind == kind && e.Id == id).ToList();
        Assert.True(hits.Count <= 1, $"{why}: {kind} {id} {hits.Count} times");
        return hits.Count == 0 ? null : hits[0].At;
    }
}
