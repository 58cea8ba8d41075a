using System.Text.Json.Nodes;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

/// <summary>
/// VO (seed 000) with a school that takes its time: random unexcused and sick registrations from today (2 Dec 2026)
/// to 12 Feb 2027, every task completed 0-10 school days late (or never, when it is gone), and now and then the
/// administration system reports a conversation (GesprekGehouden) some days later. Every rung must fire on the
/// registration that reaches it whatever is open. The expected days are worked out here from the seed's rules over the
/// generated registrations, with this file's own school-day counting — not from the model or the engine's ledger:
/// - Stap 3 (ongeoorloofd): the n-th school day with unexcused absence is the n-th keer: 1e (conversation), 2e (phone
///   call), 3e (e-mail home), 4e ("TL maakt een melding bij DUO van signaalverzuim"), 5e en vaker (each time "TL doet
///   nogmaals een melding bij DUO"); "Wanneer de leerling 3 dagen achtereen ongeoorloofd verzuimt, meldt de TL bij het
///   verzuimloket in DUO": on the 3rd consecutive school day of unexcused absence, once per run.
/// - Stap 4 (geoorloofd): "na 3 dagen achtereen verzuim" contact with home, once per run; the lesblokken (sick lesson
///   hours of the school year) reaching 1-50, more than 50 (50-70) and more than 70 ("TL meldt leerling bij DUO ...
///   'zorgen over het verzuim'"), each band once (docs/models/vo-verzuimproces.md, interpretation 5).
/// </summary>
public sealed class VoDelayedCompletionTests
{
    private const string Pupil = "L-RANDOM";
    private const string School = "S-vo";

    // region midden (the VO scenarios' region): the compulsory Christmas holiday 19 Dec 2026 - 3 Jan 2027 and the
    // spring holiday midden 20-28 Feb 2027 as in src/Verzuim.Host/Schools/schoolvakanties.json (only late completions
    // and conversations fall in it, no registration)
    private static readonly ScenarioCalendar Calendar = new()
    {
        Region = "midden",
        Holidays =
        [
            new ScenarioHoliday { From = new DateOnly(2026, 12, 19), To = new DateOnly(2027, 1, 3), Name = "Kerstvakantie" },
            new ScenarioHoliday { From = new DateOnly(2027, 2, 20), To = new DateOnly(2027, 2, 28), Name = "Voorjaarsvakantie midden" },
        ],
    };

    private static JsonObject Note(params (string Field, JsonNode Value)[] fields)
    {
        var data = new JsonObject { ["notitie"] = "gedaan" };
        foreach (var (field, value) in fields) data[field] = value;
        return data;
    }

    private static readonly (string Task, JsonObject Data)[] Completions =
    [
        ("vo_1_gesprek", Note()), ("vo_2_bellen", Note()), ("vo_3_email", Note()),
        ("vo_3_izo", Note(("vierkantRoosterVanaf", "2027-01-11"))),
        ("vo_4_uitnodigen", Note()), ("vo_4_gesprek", Note(("afspraken", "dagstart bij de mentor"))), ("vo_4_afspraken", Note()),
        ("vo_4_evaluatie", Note(("evaluatie", "afgerond"))), ("vo_5_izo", Note(("vervolg", "osb"))),
        ("vo_5_osb", Note(("zatToestemming", true))), ("vo_5_afspraken", Note()),
        ("vo_g1_gesprek", Note(("zorgen", "zorgen"))), ("vo_g1_izo", Note()), ("vo_g1_thuis", Note()),
        ("vo_g2_bespreken", Note()), ("vo_g2_ouders", Note()), ("vo_g2_jeugdarts", Note(("spreekuur", "2027-02-01"))),
        ("vo_g2_izo", Note(("inzet", "geen"))), ("vo_g3_ouders", Note()), ("vo_g3_jeugdarts", Note(("spreekuur", "2027-02-15"))),
        ("vo_g3_izo", Note(("inzet", "leerlingbegeleiding"))), ("vo_g3_vervolg", Note(("vervolgafspraak", "2027-03-01"))),
        ("vo_g_contact", Note()), ("duo_melden", new JsonObject { ["duoKenmerk"] = "DUO-R" }),
    ];

    // the Soort values of docs/models/vo-verzuimproces.md, and one that completes nothing
    private static readonly string[] Soorten =
        ["leerling", "telefonisch", "ouders", "izo", "geoorloofd leerling", "geoorloofd ouders", "geoorloofd thuis", "mentor"];

    public static TheoryData<int> Seeds() => DelayedCompletions.Seeds(50);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_rung_fires_on_the_registration_that_reaches_it(int seed)
    {
        var random = new Random(seed);
        var registrations = Registrations(random);
        var scenario = WithConversations(DelayedCompletions.Postpone(Scenario(registrations), random, maxSchoolDays: 10), registrations, random);

        var result = await DelayedCompletions.RunAsync(scenario);

        var (rungs, duo) = Expected(registrations);
        var fired = result.Timeline.Where(e => e.Kind == "TaskCreated" && e.Id is { } id && RungTasks.Contains(id))
            .Select(e => (e.Id!, e.At)).ToList();
        var info = $"\n  registrations {string.Join(" ", registrations.Select(r => $"{r.Datum:MM-dd}:{r.Soort}{r.Uren}"))}";
        Assert.True(rungs.Order().SequenceEqual(fired.Order()), $"seed {seed}: expected {Show(rungs)}\n  created  {Show(fired)}{info}");

        // each DUO duty is its own report, started on that day whatever is still open
        var duoStarts = result.Timeline.Where(e => e.Kind == "InstanceStarted" && e.Process == "duo-melding").Select(e => e.At).ToList();
        Assert.True(duo.Order().SequenceEqual(duoStarts.Order()),
            $"seed {seed}: DUO reports expected at {string.Join(", ", duo.Order().Select(d => $"{d:MM-dd}"))}\n  started at {string.Join(", ", duoStarts.Order().Select(d => $"{d:MM-dd}"))}{info}");
        Assert.DoesNotContain(result.Timeline, e => e.Kind == "Incident");
    }

    /// <summary>The first task of each rung: it is created on the registration that reaches the rung.</summary>
    private static readonly HashSet<string> RungTasks =
        ["vo_1_gesprek", "vo_2_bellen", "vo_3_email", "vo_4_uitnodigen", "vo_5_izo", "vo_g_contact", "vo_g1_gesprek", "vo_g2_bespreken", "vo_g3_ouders"];

    private sealed record Registration(DateOnly Datum, DateTimeOffset At, string Soort, int Uren);

    private static List<Registration> Registrations(Random random)
    {
        var list = new List<Registration>();
        for (var day = new DateOnly(2026, 12, 2); day <= new DateOnly(2027, 2, 12); day = day.AddDays(1))
        {
            if (!DelayedCompletions.IsSchoolDay(day, Calendar)) continue;
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero); // 09:00 CET
            var draw = random.NextDouble();
            if (draw < 0.15) list.Add(new(day, at, "Ongeoorloofd", random.Next(1, 7)));
            else if (draw < 0.45) list.Add(new(day, at, "Ziek", random.Next(2, 9)));
        }
        return list;
    }

    /// <summary>Seed 000's rungs and DUO duties over the registrations (one school year, one dossier: nobody reports recovery).</summary>
    private static (List<(string Id, DateTimeOffset At)> Rungs, List<DateTimeOffset> Duo) Expected(List<Registration> registrations)
    {
        var schoolDays = new List<DateOnly>();
        for (var day = new DateOnly(2026, 11, 1); day <= new DateOnly(2027, 6, 1); day = day.AddDays(1))
            if (DelayedCompletions.IsSchoolDay(day, Calendar)) schoolDays.Add(day);
        var byDay = registrations.ToDictionary(r => r.Datum);
        // consecutive school days (weekends and holidays neither break nor count) with absence of that kind, ending on day
        int Run(DateOnly day, string soort)
        {
            var run = 0;
            for (var i = schoolDays.IndexOf(day); i >= 0 && byDay.TryGetValue(schoolDays[i], out var r) && r.Soort == soort; i--) run++;
            return run;
        }

        var rungs = new List<(string, DateTimeOffset)>();
        var duo = new List<DateTimeOffset>();
        var keer = 0;
        var uren = 0;
        var band = 0;
        foreach (var r in registrations)
        {
            if (r.Soort == "Ongeoorloofd")
            {
                keer++;
                rungs.Add((keer switch { 1 => "vo_1_gesprek", 2 => "vo_2_bellen", 3 => "vo_3_email", 4 => "vo_4_uitnodigen", _ => "vo_5_izo" }, r.At));
                if (keer >= 4) duo.Add(r.At); // signaalverzuim at the 4th, LP at the 5th and every further keer
                if (Run(r.Datum, "Ongeoorloofd") == 3) duo.Add(r.At);
            }
            else
            {
                uren += r.Uren;
                if (Run(r.Datum, "Ziek") == 3) rungs.Add(("vo_g_contact", r.At));
                var reached = uren > 70 ? 3 : uren > 50 ? 2 : 1;
                if (reached > band)
                {
                    rungs.Add((reached switch { 1 => "vo_g1_gesprek", 2 => "vo_g2_bespreken", _ => "vo_g3_ouders" }, r.At));
                    if (reached == 3) duo.Add(r.At); // 'zorgen over het verzuim'
                    band = reached;
                }
            }
        }
        return (rungs, duo);
    }

    private static Scenario Scenario(List<Registration> registrations)
    {
        var events = new List<ScenarioEvent>();
        foreach (var r in registrations)
        {
            var data = new JsonObject { ["leerlingId"] = Pupil, ["schoolId"] = School, ["datum"] = r.Datum.ToString("yyyy-MM-dd"), ["soort"] = r.Soort, ["uren"] = r.Uren };
            events.Add(new ScenarioEvent { At = r.At, Message = "AbsentieGeregistreerd", Data = data });
            // whoever holds a task may complete it some day after this registration; Postpone picks the day
            foreach (var (task, form) in Completions)
                events.Add(new ScenarioEvent { At = r.At.AddHours(2), CompleteTask = task, Data = form.DeepClone().AsObject(), IfOpen = true });
        }
        var workflow = Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", "vo-verzuimproces.bpmn");
        return new Scenario
        {
            Workflow = workflow, Start = new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero), Until = new DateTimeOffset(2027, 3, 12, 0, 0, 0, TimeSpan.Zero),
            Calendar = Calendar, Variables = new JsonObject { ["leerlingId"] = Pupil, ["schoolId"] = School }, Events = events,
        };
    }

    /// <summary>After half of the registrations the administration system reports a conversation of a random Soort, 0-10 school days later.</summary>
    private static Scenario WithConversations(Scenario scenario, List<Registration> registrations, Random random)
    {
        var events = scenario.Events!.ToList();
        foreach (var r in registrations.Where(_ => random.NextDouble() < 0.5))
        {
            var at = DelayedCompletions.AddSchoolDays(r.At.AddHours(3), random.Next(11), Calendar);
            var soort = Soorten[random.Next(Soorten.Length)];
            events.Add(new ScenarioEvent
            {
                At = at < scenario.Until!.Value ? at : scenario.Until.Value.AddHours(-1), Message = "GesprekGehouden",
                Data = new JsonObject { ["leerlingId"] = Pupil, ["schoolId"] = School, ["soort"] = soort, ["datum"] = DateOnly.FromDateTime(at.UtcDateTime).ToString("yyyy-MM-dd") },
            });
        }
        return scenario with { Events = events.OrderBy(e => e.At).ToList() };
    }

    private static string Show(IEnumerable<(string Id, DateTimeOffset At)> list) => string.Join(", ", list.Order().Select(x => $"{x.Id}@{x.At:MM-dd}"));
}
