using System.Text.Json.Nodes;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

/// <summary>
/// Twente (seed 001) with kernteams that take their time: random lateness and unexcused hours from today
/// (2 Dec 2026) to 12 Feb 2027, every task completed 0-10 school days late (or never, when it is gone). The legal
/// thresholds must fire on the registration that reaches them whatever is open. The expected days are worked out
/// here from the seed's rules over the generated registrations, with this file's own school-day counting — not
/// from the model, and not from the engine's attendance ledger:
/// - TE LAAT KOMEN: 5x, 10x and "meer dan 10x" at the 5th, 10th and 11th lateness of the school year; 10x and
///   meer dan 10x report to DUO on that day. "Bij herhaling": the first lateness after leerplicht has handled the
///   previous report (its task for meer dan 10x or for the previous herhaling completed), reported to DUO that day.
/// - Langdurig relatief verzuim (thuiszitter): "een aaneengesloten periode van vier weken of langer ongeoorloofd
///   afwezig": at the registration that makes 20 consecutive school days of unexcused absence (holidays neither count
///   nor break), once per period, reported to DUO that day; while that period lasts no separate 16-hour report
///   (docs/models/twente-verzuimkaart-po.md, interpretations 4 and 5). A third of the seeds has one long period of
///   18-24 school days (some stay below 20).
/// - Relatief verzuim: "16 uur van de lestijd gedurende een aaneengesloten periode van 4 weken": at an unexcused
///   registration whose last 20 school days (itself included) hold 16 hours or more, reported to DUO that day;
///   then 4 school weeks in which the same hours are not reported again (docs/models/twente-verzuimkaart-po.md).
/// </summary>
public sealed class TwenteDelayedCompletionTests
{
    private const string Pupil = "L-RANDOM";
    private const string School = "S-twente";

    // region noord (Twente, Overijssel): the compulsory Christmas holiday 19 Dec 2026 - 3 Jan 2027 (all regions), and
    // the spring holiday noord 13-21 Feb 2027 as in src/Verzuim.Host/Schools/schoolvakanties.json (OCW rotation; only
    // late completions fall in it, no registration)
    private static readonly ScenarioCalendar Calendar = new()
    {
        Region = "noord",
        Holidays =
        [
            new ScenarioHoliday { From = new DateOnly(2026, 12, 19), To = new DateOnly(2027, 1, 3), Name = "Kerstvakantie" },
            new ScenarioHoliday { From = new DateOnly(2027, 2, 13), To = new DateOnly(2027, 2, 21), Name = "Voorjaarsvakantie noord" },
        ],
    };

    private static readonly (string Task, JsonObject Data)[] Completions =
    [
        ("tw_tl_gesprek5", new JsonObject { ["afspraken"] = "op tijd" }),
        ("tw_tl_gesprek", new JsonObject { ["afspraken"] = "melding besproken" }),
        ("duo_melden", new JsonObject { ["duoKenmerk"] = "DUO-R" }),
        ("tw_tl_lpa10", new JsonObject { ["lpaActie"] = "Waarschuwingsbrief" }),
        ("tw_tl_lpa11", new JsonObject { ["lpaActie"] = "VerwijzingZorg" }),
        ("tw_tl_lpa12", new JsonObject { ["lpaActie"] = "VerwijzingZorg" }),
        ("tw_rv_gesprek", new JsonObject { ["afspraken"] = "melding besproken" }),
        ("tw_rv_lpa", new JsonObject { ["lpaActie"] = "Gesprek" }),
    ];

    public static TheoryData<int> Seeds() => DelayedCompletions.Seeds(50);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_threshold_fires_on_the_registration_that_reaches_it(int seed)
    {
        var random = new Random(seed);
        var registrations = Registrations(random);
        var scenario = DelayedCompletions.Postpone(Scenario(registrations), random, maxSchoolDays: 10);

        var result = await DelayedCompletions.RunAsync(scenario);

        var late = registrations.Where(r => r.Soort == "TeLaat").Select(r => r.At).ToList();
        var expected = new List<(string Id, DateTimeOffset At)>();
        if (late.Count >= 5) expected.Add(("tw_tl_kp_5", late[4]));
        if (late.Count >= 10) expected.Add(("tw_tl_kp_10", late[9]));
        if (late.Count >= 11) expected.Add(("tw_tl_kp_meer10", late[10]));
        // herhaling: when leerplicht handled the previous report is the person's doing (the delayed completion), so
        // the moments are read from when those tasks were completed; the rule is the test's own
        var handled = result.Timeline.Where(e => e.Kind == "TaskCompleted" && e.Id is "tw_tl_lpa11" or "tw_tl_lpa12").Select(e => e.At).Order().ToList();
        foreach (var at in handled)
            if (late.FirstOrDefault(l => l > at) is var next && next != default && !expected.Contains(("tw_tl_kp_herhaling", next)))
                expected.Add(("tw_tl_kp_herhaling", next));
        foreach (var at in SixteenHourReports(registrations)) expected.Add(("tw_rv_kp16", at));
        foreach (var at in LongAbsenceReports(registrations)) expected.Add(("tw_rv_kp_lang", at));

        var fired = result.Timeline.Where(e => e.Kind == "ActivityCompleted" && e.Id is "tw_tl_kp_5" or "tw_tl_kp_10" or "tw_tl_kp_meer10" or "tw_tl_kp_herhaling" or "tw_rv_kp16" or "tw_rv_kp_lang")
            .Select(e => (e.Id!, e.At)).ToList();
        Assert.True(expected.Order().SequenceEqual(fired.Order()),
            $"seed {seed}: expected {Show(expected)}\n  fired    {Show(fired)}\n  registrations {string.Join(" ", registrations.Select(r => $"{r.Datum:MM-dd}:{r.Soort}{r.Uren}"))}");

        // every DUO threshold starts its own report on that day, whatever is still open
        var duoStarts = result.Timeline.Where(e => e.Kind == "InstanceStarted" && e.Process == "duo-melding").Select(e => e.At).ToList();
        foreach (var (id, at) in expected.Where(x => x.Id != "tw_tl_kp_5"))
            Assert.True(duoStarts.Contains(at), $"seed {seed}: no DUO report started at {at:O} for {id}");
        Assert.DoesNotContain(result.Timeline, e => e.Kind == "Incident");
    }

    private sealed record Registration(DateOnly Datum, DateTimeOffset At, string Soort, int Uren);

    private static List<Registration> Registrations(Random random)
    {
        var list = new List<Registration>();
        var unexcusedRun = 0;
        var days = SchoolDays().Where(d => d >= new DateOnly(2026, 12, 2) && d <= new DateOnly(2027, 2, 12)).ToList();
        // a third of the seeds: one long period of unexcused absence (18-24 school days), with a free day on each side
        var (longFrom, longTo) = random.NextDouble() < 1.0 / 3 ? LongPeriod(days, random) : (-1, -1);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 45)), TimeSpan.Zero); // 08:45 CET
            var draw = random.NextDouble();
            if (i >= longFrom && i <= longTo) { list.Add(new(day, at, "Ongeoorloofd", random.Next(1, 7))); continue; }
            if (i == longFrom - 1 || i == longTo + 1) { unexcusedRun = 0; continue; }
            // other unexcused runs stay short, so only the long period can reach four weeks
            if (draw < 0.15 && unexcusedRun < 5) { list.Add(new(day, at, "Ongeoorloofd", random.Next(2, 7))); unexcusedRun++; continue; }
            unexcusedRun = 0;
            if (draw < 0.45) list.Add(new(day, at, "TeLaat", 0));
        }
        return list;
    }

    private static (int From, int To) LongPeriod(List<DateOnly> days, Random random)
    {
        var from = random.Next(3, days.Count - 26);
        return (from, from + random.Next(18, 25) - 1);
    }

    private static List<DateOnly> SchoolDays()
    {
        var schoolDays = new List<DateOnly>();
        for (var day = new DateOnly(2026, 11, 1); day <= new DateOnly(2027, 6, 1); day = day.AddDays(1))
            if (DelayedCompletions.IsSchoolDay(day, Calendar)) schoolDays.Add(day);
        return schoolDays;
    }

    /// <summary>Consecutive school days with an unexcused registration, ending on <paramref name="day"/>.</summary>
    private static int UnexcusedRun(List<Registration> registrations, List<DateOnly> schoolDays, DateOnly day)
    {
        var unexcused = registrations.Where(r => r.Soort == "Ongeoorloofd").Select(r => r.Datum).ToHashSet();
        var run = 0;
        for (var i = schoolDays.IndexOf(day); i >= 0 && unexcused.Contains(schoolDays[i]); i--) run++;
        return run;
    }

    /// <summary>Four weeks of unexcused absence: the registration that makes 20 consecutive school days.</summary>
    private static List<DateTimeOffset> LongAbsenceReports(List<Registration> registrations)
    {
        var schoolDays = SchoolDays();
        return registrations.Where(r => r.Soort == "Ongeoorloofd" && UnexcusedRun(registrations, schoolDays, r.Datum) == 20).Select(r => r.At).ToList();
    }

    /// <summary>
    /// The seed's 16 hours in 4 (school) weeks, with the model's 4-school-week follow-up term after a report, and none
    /// while a period of four weeks or more is running (it has its own report).
    /// </summary>
    private static List<DateTimeOffset> SixteenHourReports(List<Registration> registrations)
    {
        var schoolDays = SchoolDays();
        var reports = new List<DateTimeOffset>();
        var blockedUntil = DateOnly.MinValue;
        foreach (var r in registrations.Where(r => r.Soort == "Ongeoorloofd"))
        {
            var index = schoolDays.IndexOf(r.Datum);
            var windowStart = schoolDays[index - 19]; // the 20 school days ending on this day
            var hours = registrations.Where(x => x.Soort == "Ongeoorloofd" && x.Datum >= windowStart && x.Datum <= r.Datum).Sum(x => x.Uren);
            if (hours < 16 || r.Datum < blockedUntil || UnexcusedRun(registrations, schoolDays, r.Datum) >= 20) continue;
            reports.Add(r.At);
            blockedUntil = schoolDays[index + 20]; // 4 school weeks later the term is over
        }
        return reports;
    }

    private static Scenario Scenario(List<Registration> registrations)
    {
        var events = new List<ScenarioEvent>();
        foreach (var r in registrations)
        {
            var data = new JsonObject { ["leerlingId"] = Pupil, ["schoolId"] = School, ["datum"] = r.Datum.ToString("yyyy-MM-dd"), ["soort"] = r.Soort };
            if (r.Soort == "TeLaat") data["minuten"] = 10; else data["uren"] = r.Uren;
            events.Add(new ScenarioEvent { At = r.At, Message = "AbsentieGeregistreerd", Data = data });
            // whoever holds a task may complete it some day after this registration; Postpone picks the day
            foreach (var (task, form) in Completions)
                events.Add(new ScenarioEvent { At = r.At.AddHours(2), CompleteTask = task, Data = form.DeepClone().AsObject(), IfOpen = true });
        }
        var workflow = Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", "twente-verzuimkaart-po.bpmn");
        return new Scenario
        {
            Workflow = workflow, Start = new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero), Until = new DateTimeOffset(2027, 2, 26, 0, 0, 0, TimeSpan.Zero),
            Calendar = Calendar, Variables = new JsonObject { ["leerlingId"] = Pupil, ["schoolId"] = School }, Events = events,
        };
    }

    private static string Show(IEnumerable<(string Id, DateTimeOffset At)> list) => string.Join(", ", list.Order().Select(x => $"{x.Id}@{x.At:MM-dd}"));
}
