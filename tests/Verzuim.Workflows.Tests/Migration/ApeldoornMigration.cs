using System.Text.RegularExpressions;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Models;
using Verzuim.Workflows.Tests.Support;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Migration;

/// <summary>
/// The shipped Apeldoorn model (workflows/) and the variant a process owner publishes with the step-2 kantelpunt moved
/// from 4 to 5 school weeks, on the shipped school holidays of region midden (the Demo basisschool Apeldoorn's region)
/// with the Dutch public holidays, as the host counts them.
/// </summary>
public static partial class ApeldoornMigration
{
    public const string ProcessId = "apeldoorn-opschalingsmodel";
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static string V1 { get; } = File.ReadAllText(Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", "apeldoorn-opschalingsmodel.bpmn"));
    public static string DuoMelding { get; } = File.ReadAllText(Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", "duo-melding.bpmn"));

    /// <summary>V1 with the step-2 kantelpunt (boundary timer and the task's due date) at 5 school weeks instead of 4.</summary>
    public static string FiveWeekKantelpunt { get; } = ChangeKantelpunt(V1, "5 schoolweken");

    public static string ChangeKantelpunt(string xml, string duration)
    {
        var changed = Step2Timer().Replace(xml, m => m.Groups[1].Value + duration + "<");
        changed = Step2DueDate().Replace(changed, m => m.Groups[1].Value + duration + "\"");
        if (changed.Split(duration).Length != 3) throw new InvalidOperationException("the step-2 kantelpunt was not found twice in the Apeldoorn model");
        return changed;
    }

    [GeneratedRegex("""(<bpmn:timerEventDefinition id="apd_stap2_kantelpunt_def">\s*<bpmn:timeDuration>)4 schoolweken<""")]
    private static partial Regex Step2Timer();

    [GeneratedRegex(@"(<bpmn:userTask id=""apd_stap2_interventie""[^>]*verzuim:dueDate="")4 schoolweken""")]
    private static partial Regex Step2DueDate();

    public static SchoolCalendar Midden { get; } = SchoolCalendar.FromOpenData(
        File.ReadAllText(Path.Combine(ModelScenarioTests.RepositoryRoot, "src", "Verzuim.Host", "Schools", "schoolvakanties.json")),
        "midden", publicHolidays: new DutchPublicHolidays());

    public static WorkflowEngineOptions Options() => new() { CalendarResolver = _ => Midden };

    /// <summary>A wall-clock time in the Netherlands as an instant.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Amsterdam.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Monday 16 November 2026, 09:00: the fourth sick report in 12 school weeks opens the case.</summary>
    public static readonly DateTimeOffset Opened = Local(2026, 11, 16, 9);

    /// <summary>Thursday 19 November 2026, 09:00: the kernteam discussed the pupil; step 2's intervention and its kantelpunt start.</summary>
    public static readonly DateTimeOffset KernteamHeld = Local(2026, 11, 19, 9);

    /// <summary>Today, Thursday 3 December 2026, 10:00: two school weeks into the step-2 kantelpunt.</summary>
    public static readonly DateTimeOffset Today = Local(2026, 12, 3, 10);

    public static Task<CorrelationResult> OpenCaseAsync(EngineHarness h, string pupil) =>
        h.SendAsync("AbsentieGeregistreerd", pupil, new
        {
            leerlingId = pupil, schoolId = "S-APD-01", datum = "2026-11-16", soort = "Ziek", uren = 6,
            signalen = new
            {
                ziekmeldingen12Schoolweken = 4, ziekSchooldagenAaneengesloten = 1, ongeoorloofdUren4Schoolweken = 0,
                geoorloofdDagenAaneengesloten = 0, ongeoorloofdDagenAaneengesloten = 0,
            },
        });

    /// <summary>Step 1's interventions at once, escalated to the kernteam on the 19th, discussed anonymously (no consent): step 2 runs.</summary>
    public static async Task InterventionsAsync(EngineHarness h, Guid caseId) =>
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(caseId, "apd_stap1_interventies"),
            EngineHarness.Json(new { interventies = "gesprek met ouders en leerling", oudersBetrokken = true }), "kernteam-a");

    public static async Task EscalateToKernteamAsync(EngineHarness h, Guid caseId)
    {
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(caseId, "apd_stap1_bewaken"),
            EngineHarness.Json(new { toelichtingStap1 = "geen herstel" }), "kernteam-a");
        await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(caseId, "apd_stap2_kernteam_anoniem"),
            EngineHarness.Json(new { regievoerder = "IB'er", terugkoppelingsdatum = "2026-12-10" }), "kernteam-a");
    }
}
