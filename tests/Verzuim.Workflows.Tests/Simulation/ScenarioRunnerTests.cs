using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Cases.Simulation;
using Verzuim.Workflows.Simulation;
using Verzuim.Workflows.Tests.Models;

namespace Verzuim.Workflows.Tests.Simulation;

/// <summary>The simulate contract on the in-memory SQLite store; expected dates worked out by hand from the calendar.</summary>
public sealed class ScenarioRunnerTests
{
    private static string ScenarioPath(string name) => Path.Combine(AppContext.BaseDirectory, "Simulation", "Scenarios", name);

    [Fact]
    public async Task The_kantelpunt_of_three_school_weeks_lands_after_the_autumn_holiday()
    {
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("escalates-after-holiday.json"));

        // Mon 7 Oct + 15 school days: 8-11 Oct (4), 14-18 Oct (9), holiday 19-27 Oct, 28 Oct-1 Nov (14), Mon 4 Nov (15);
        // 09:00 in Amsterdam is 08:00Z after the clocks went back on 27 Oct.
        var dueAt = new DateTimeOffset(2024, 11, 4, 8, 0, 0, TimeSpan.Zero);
        var scheduled = Assert.Single(result.Timeline, e => e.Kind == "TimerScheduled");
        Assert.Equal(("drieWeken", dueAt), (scheduled.Id, scheduled.Due));
        var fired = Assert.Single(result.Timeline, e => e.Kind == "TimerFired");
        Assert.Equal(dueAt, fired.At);
        var task = Assert.Single(result.Timeline, e => e.Kind == "TaskCreated" && e.Id == "kernteam");
        Assert.Equal(("kernteamlid", dueAt), (task.Role, task.At));
        Assert.Contains(result.Timeline, e => e is { Kind: "ActivityCancelled", Id: "stap1" });

        var instance = Assert.Single(result.Instances);
        Assert.Equal("Running", instance.Status);
        Assert.Equal(["kernteam"], instance.Active);
        Assert.Equal("S1", (string?)instance.Variables["schoolId"]);
        Assert.Equal(["InstanceStarted", "ActivityStarted", "ActivityCompleted", "ActivityStarted", "TaskCreated", "TimerScheduled"],
            result.Timeline.Take(6).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_calendar_ending_before_the_kantelpunt_gives_a_best_estimate_and_a_warning()
    {
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("calendar-ends-mid-span.json"));

        // The data ends 23 Aug 2026, so Christmas 2026 is unknown: Wed 2 Dec 10:00 + 15 weekdays = Wed 23 Dec 10:00 (09:00Z),
        // a best estimate inside the real kerstvakantie, said on the timeline and in warnings.
        var scheduled = Assert.Single(result.Timeline, e => e.Kind == "TimerScheduled");
        Assert.Equal(new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.Zero), scheduled.Due);
        const string warning = "termijn voorlopig: geen vakantiedata na 23 augustus 2026 (regio zuid)";
        Assert.Equal(warning, scheduled.Detail);
        Assert.Equal([warning], result.Warnings);
    }

    [Fact]
    public async Task A_complete_calendar_gives_no_warnings()
    {
        Assert.Empty((await ScenarioRunner.RunFileAsync(ScenarioPath("escalates-after-holiday.json"))).Warnings);
    }

    [Fact]
    public async Task Recovery_before_the_kantelpunt_closes_the_case_and_no_timer_fires()
    {
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("recovers.json"));
        Assert.DoesNotContain(result.Timeline, e => e.Kind == "TimerFired");
        var correlated = Assert.Single(result.Timeline, e => e.Kind == "MessageCorrelated");
        Assert.Equal(("hersteld", "SchoolgangHersteld", new DateTimeOffset(2024, 10, 15, 10, 0, 0, TimeSpan.Zero)), (correlated.Id, correlated.Message, correlated.At));
        Assert.Equal("Completed", Assert.Single(result.Instances).Status);
        Assert.Equal("InstanceCompleted", result.Timeline[^1].Kind);
    }

    [Fact]
    public async Task A_message_for_another_pupil_does_not_touch_the_case_and_tasks_complete_by_name()
    {
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("other-pupil.json"));
        Assert.DoesNotContain(result.Timeline, e => e.Kind == "MessageCorrelated");
        Assert.Contains(result.Timeline, e => e is { Kind: "TaskCompleted", Id: "stap1" });
        Assert.Equal("Completed", Assert.Single(result.Instances).Status);
        Assert.Equal("uitgevoerd", result.Timeline.Last(e => e.Kind == "ActivityStarted").Id);
    }

    [Fact]
    public async Task Absences_go_through_the_ledger_and_open_a_case_when_the_start_condition_holds_in_school_days()
    {
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("ledger-three-sick-days.json"));

        // Fri 4 Oct (1), Mon 7 Oct (2: the weekend does not break the run), Tue 8 Oct is a study day
        // (neither counts nor breaks), Wed 9 Oct (3): the case opens on the third registration, once.
        var started = Assert.Single(result.Timeline, e => e.Kind == "InstanceStarted");
        Assert.Equal(new DateTimeOffset(2024, 10, 9, 7, 30, 0, TimeSpan.Zero), started.At);
        var instance = Assert.Single(result.Instances);
        Assert.Equal(["contact"], instance.Active);
        // the fourth day (Thu 10 Oct) reaches the open case as fresh signals, not as a second case
        Assert.Equal(4, (int)instance.Variables["signalen"]!["ziekSchooldagenAaneengesloten"]!);
        Assert.Equal("2024-10-09", (string?)instance.Variables["datum"]); // the opening message's data
    }

    [Fact]
    public async Task A_called_process_from_a_file_beside_the_workflow_is_deployed_too()
    {
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("calls-duo.json"));
        Assert.Equal(["roept-duo-aan", "duo-melding"], result.Instances.Select(i => i.Process));
        Assert.Contains(result.Timeline, e => e is { Kind: "MessagePublished", Message: "DuoMeldingVereist", Process: "duo-melding" });
        Assert.Contains(result.Timeline, e => e is { Kind: "MessageCorrelated", Id: "duo_gedaan" });
        Assert.All(result.Instances, i => Assert.Equal("Completed", i.Status));
        Assert.True((bool)result.Instances[0].Variables["gemeld"]!);
        Assert.Equal("DUO-77", (string?)result.Instances[1].Variables["duoKenmerk"]);
        Assert.False(result.Instances[0].Variables.ContainsKey("duoKenmerk")); // with output mappings only mapped variables return
    }

    [Theory]
    [InlineData("unknown-message.json", "GesprekGehouden")]
    [InlineData("malformed.json", "geen geldige JSON")]
    [InlineData("missing-workflow.json", "bestaat-niet.bpmn")]
    [InlineData("invalid-workflow.json", "rekenen 'Rekenen' [niet-ondersteund]")]
    [InlineData("does-not-exist.json", "does-not-exist.json")]
    public async Task Bad_input_is_refused_with_a_message_that_names_the_problem(string scenario, string named)
    {
        var e = await Assert.ThrowsAsync<ScenarioException>(() => ScenarioRunner.RunFileAsync(ScenarioPath(scenario)));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public async Task A_contract_message_the_model_never_waits_for_is_recorded_as_the_service_reports_it()
    {
        // the same scenario that is refused without the contracts: real traffic brings messages the model ignores
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("unknown-message.json"), ModelScenarioTests.Options);

        // kantelpunt.bpmn starts with a none start at 7 Oct and never waits for GesprekGehouden; such a message is
        // kept for its time-to-live in case a wait opens later, and the case goes on untouched
        var noted = Assert.Single(result.Timeline, e => e.Message == "GesprekGehouden");
        Assert.Equal(("MessageBuffered", new DateTimeOffset(2024, 10, 8, 10, 0, 0, TimeSpan.Zero), null), (noted.Kind, noted.At, noted.Process));
        var timeline = result.Timeline.ToList();
        Assert.True(timeline.IndexOf(noted) > timeline.FindIndex(e => e.Kind == "TimerScheduled"),
            "noted in the place it arrived: after the case's start on 7 Oct");
        Assert.DoesNotContain(result.Timeline, e => e.Kind == "MessageCorrelated");
    }

    [Fact]
    public async Task A_name_that_is_no_contract_is_still_refused()
    {
        var scenario = Load("unknown-message.json") with
        {
            Events = [new ScenarioEvent { At = DateTimeOffset.Parse("2024-10-08T10:00:00Z"), Message = "GesprekGehoudn", Data = [] }],
        };
        var e = await Assert.ThrowsAsync<ScenarioException>(() => RunAsync(scenario));
        Assert.Contains("GesprekGehoudn", e.Message);
    }

    [Fact]
    public async Task An_absence_nobody_waits_for_is_noted_as_unmatched()
    {
        // ledger.bpmn opens a case at the third consecutive sick day; the first registration opens nothing, and the
        // ledger keeps no absence for later waits (the next registration brings fresher signals)
        var result = await ScenarioRunner.RunFileAsync(ScenarioPath("ledger-three-sick-days.json"), ModelScenarioTests.Options);
        var unmatched = result.Timeline.TakeWhile(e => e.Kind != "InstanceStarted").ToList();
        Assert.Equal(["MessageUnmatched", "MessageUnmatched"], unmatched.Select(e => e.Kind));
        Assert.All(unmatched, e => Assert.Equal("AbsentieGeregistreerd", e.Message));
    }

    [Fact]
    public async Task A_completion_marked_ifOpen_is_skipped_when_the_task_is_gone_and_refused_without_it()
    {
        // recovers.json: SchoolgangHersteld on 15 Oct closes the case, cancelling the step-1 task
        var late = new ScenarioEvent { At = DateTimeOffset.Parse("2024-10-16T10:00:00Z"), CompleteTask = "stap1", Data = [] };
        var scenario = Load("recovers.json");

        var skipped = await RunAsync(scenario with { Events = [.. scenario.Events!, late with { IfOpen = true }] });
        Assert.Equal("Completed", Assert.Single(skipped.Instances).Status);
        Assert.DoesNotContain(skipped.Timeline, e => e.Kind == "TaskCompleted");

        var e = await Assert.ThrowsAsync<ScenarioException>(() => RunAsync(scenario with { Events = [.. scenario.Events!, late] }));
        Assert.Contains("geen open taak 'stap1'", e.Message);
    }

    private static Scenario Load(string name)
    {
        var scenario = JsonSerializer.Deserialize<Scenario>(File.ReadAllText(ScenarioPath(name)), ScenarioRunner.Json)!;
        return scenario with { Workflow = ScenarioPath(scenario.Workflow!) };
    }

    private static Task<SimulationResult> RunAsync(Scenario scenario) =>
        ScenarioRunner.RunAsync(scenario, File.ReadAllText(scenario.Workflow!), ModelScenarioTests.Options);
}
