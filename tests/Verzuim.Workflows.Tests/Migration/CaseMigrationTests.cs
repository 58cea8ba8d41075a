using Verzuim.Workflows.Migration;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Migration.ApeldoornMigration;

namespace Verzuim.Workflows.Tests.Migration;

/// <summary>
/// Running Apeldoorn cases move to a version with the step-2 kantelpunt at 5 school weeks (PostgreSQL). Expected dates
/// are counted by hand on the shipped calendar of region midden, 2026/27: the Christmas holiday runs from Saturday
/// 19 December 2026 to Sunday 3 January 2027 (Eerste/Tweede Kerstdag and Nieuwjaarsdag fall inside it).
/// </summary>
public sealed class CaseMigrationTests
{
    // The step-2 intervention starts Thursday 19 November 09:00. Four school weeks (20 school days; the start day does not
    // count): Fri 20 Nov (1), 23-27 Nov (2-6), 30 Nov-4 Dec (7-11), 7-11 Dec (12-16), Mon 14-Thu 17 Dec (17-20).
    private static readonly DateTimeOffset FourWeeks = Local(2026, 12, 17, 9);

    // Five school weeks (25): Fri 18 Dec (21), the Christmas holiday, Mon 4 Jan (22) … Thu 7 Jan 2027 (25). Counted from
    // today instead: on Thursday 3 December 10 school days have passed (20 Nov, 23-27 Nov, 30 Nov-3 Dec), 15 are left:
    // 4 Dec (1), 7-11 Dec (2-6), 14-18 Dec (7-11), 4-7 Jan (12-15): the same Thursday 7 January, 09:00.
    private static readonly DateTimeOffset FiveWeeksKeepingElapsed = Local(2027, 1, 7, 9);

    [Fact]
    public async Task A_mapped_kantelpunt_keeps_its_elapsed_school_time_across_the_Christmas_holiday_and_the_task_its_claim()
    {
        var h = await EngineHarness.CreateAsync(Opened, Options());
        await h.Engine.DeployAsync(DuoMelding);
        var v1 = (await h.Engine.DeployAsync(V1)).Single();
        var caseId = (await OpenCaseAsync(h, "L-A")).InstanceIds.Single();
        await InterventionsAsync(h, caseId);
        await h.AdvanceToAsync(KernteamHeld);
        await EscalateToKernteamAsync(h, caseId);
        var task = (await h.OpenTasksAsync(caseId)).Single(t => t.ElementId == "apd_stap2_interventie");
        Assert.Equal(FourWeeks, task.DueAt);
        Assert.True(await new Persistence.Management.EfTaskCommands(h.Store).ClaimAsync(task.Id, "kernteam-a2"));

        await h.AdvanceToAsync(Today);
        var v2 = (await h.Engine.DeployAsync(FiveWeekKantelpunt, "procesEigenaar", "kantelpunt stap 2 naar 5 schoolweken")).Single();
        var plan = await h.Engine.ProposeMigrationAsync(v1.DefinitionId, v2.DefinitionId);
        var check = await h.Engine.CheckMigrationPlanAsync(plan);
        Assert.Empty(check.Problems);
        var kantelpuntPlan = check.Timers.Single(t => t.SourceElementId == "apd_stap2_kantelpunt");
        Assert.Equal(TimerRule.ElapsedSchoolTime, kantelpuntPlan.Rule);
        Assert.Equal(("4 schoolweken", "5 schoolweken"), (kantelpuntPlan.SourceText, kantelpuntPlan.TargetText));

        var preview = await h.Engine.PreviewMigrationAsync(plan, caseId);
        Assert.Equal(FiveWeeksKeepingElapsed, preview.Timers.Single(t => t.TargetElementId == "apd_stap2_kantelpunt").NewDue);
        Assert.Contains("nog 15 schooldagen", preview.Timers.Single(t => t.TargetElementId == "apd_stap2_kantelpunt").Explanation);
        Assert.Equal(1, (await h.InstanceAsync(caseId)).DefinitionVersion); // a preview changes nothing

        var done = await h.Engine.MigrateCaseAsync(plan, caseId, "procesEigenaar");
        var migrated = await h.InstanceAsync(caseId);
        Assert.Equal((v2.DefinitionId, 2), (migrated.DefinitionId, migrated.DefinitionVersion));
        var timer = (await TimersAsync(h, caseId)).Single(t => t.ElementId == "apd_stap2_kantelpunt");
        Assert.Equal(FiveWeeksKeepingElapsed, timer.DueAt);
        Assert.Equal(KernteamHeld, timer.ActivatedAt); // the term still counts from the kernteam meeting
        var kept = (await h.OpenTasksAsync(caseId)).Single(t => t.ElementId == "apd_stap2_interventie");
        Assert.Equal((task.Id, "kernteam-a2", "zorgcoordinator", FiveWeeksKeepingElapsed), (kept.Id, kept.ClaimedBy, kept.CandidateRole, kept.DueAt));
        Assert.Equal("kernteam-a2", done.Tasks.Single(t => t.TaskId == task.Id).ClaimedBy);
        var variables = await h.VariablesAsync(caseId);
        Assert.Equal("IB'er", (string?)variables["regievoerder"]);

        var timeline = await h.TimelineAsync(caseId);
        var rescheduled = timeline.Single(e => e.Kind == TimelineKind.TimerRescheduled);
        Assert.Equal(("apd_stap2_kantelpunt", FiveWeeksKeepingElapsed), (rescheduled.ElementId, rescheduled.Due));
        Assert.Contains("was 2026-12-17 09:00", rescheduled.Detail);
        var audit = timeline.Last();
        Assert.Equal(TimelineKind.InstanceMigrated, audit.Kind);
        Assert.Contains("\"door\":\"procesEigenaar\"", audit.Detail);
        Assert.Contains("\"vanVersie\":1,\"naarVersie\":2", audit.Detail);

        // 17 December, the old kantelpunt: nothing happens; 7 January 09:00 it escalates to step 3
        await h.AdvanceToAsync(FourWeeks.AddHours(1));
        Assert.Contains("apd_stap2_interventie", await h.ActiveAsync(caseId));
        await h.AdvanceToAsync(FiveWeeksKeepingElapsed);
        var fired = (await h.TimelineAsync(caseId)).Single(e => e.Kind == TimelineKind.TimerFired && e.ElementId == "apd_stap2_kantelpunt");
        Assert.Equal(FiveWeeksKeepingElapsed, fired.At);
        Assert.Contains("apd_stap3_richting", await h.ActiveAsync(caseId));
        Assert.Equal("Kantelpunt", (string?)(await h.VariablesAsync(caseId))["vervolgStap2"]);
    }

    [Fact]
    public async Task A_migrated_case_behaves_as_a_case_started_on_the_new_version_at_the_same_point()
    {
        var h = await EngineHarness.CreateAsync(Opened, Options());
        await h.Engine.DeployAsync(DuoMelding);
        var v1 = (await h.Engine.DeployAsync(V1)).Single();
        var migrating = (await OpenCaseAsync(h, "L-A")).InstanceIds.Single();
        var staying = (await OpenCaseAsync(h, "L-C")).InstanceIds.Single();
        var v2 = (await h.Engine.DeployAsync(FiveWeekKantelpunt)).Single(); // the same instant: L-B opens on version 2
        var native = (await OpenCaseAsync(h, "L-B")).InstanceIds.Single();
        Assert.Equal(2, (await h.InstanceAsync(native)).DefinitionVersion);
        Guid[] all = [migrating, staying, native];
        foreach (var id in all) await InterventionsAsync(h, id);
        await h.AdvanceToAsync(KernteamHeld);
        foreach (var id in all) await EscalateToKernteamAsync(h, id);

        await h.AdvanceToAsync(Today);
        await h.Engine.MigrateCaseAsync(await h.Engine.ProposeMigrationAsync(v1.DefinitionId, v2.DefinitionId), migrating, "beheerder");
        Assert.Equal(await WaitsAsync(h, native), await WaitsAsync(h, migrating));
        Assert.Equal(await TasksAsync(h, native), await TasksAsync(h, migrating));
        Assert.Equal(await h.ActiveAsync(native), await h.ActiveAsync(migrating));

        // from here on both run on version 2: the same timeline, a timer poll each day at 10:00, to past the new kantelpunt
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        for (var day = Today.AddDays(1); day <= FiveWeeksKeepingElapsed.AddDays(1); day = day.AddDays(1)) await h.AdvanceToAsync(day);
        var after = Today.AddMinutes(1);
        Assert.Equal(await AfterAsync(h, native, after), await AfterAsync(h, migrating, after));
        Assert.Contains(await h.TimelineAsync(migrating), e => e.Kind == TimelineKind.TimerFired && e.ElementId == "apd_stap2_kantelpunt" && e.Due == FiveWeeksKeepingElapsed);
        Assert.Equal(await h.ActiveAsync(native), await h.ActiveAsync(migrating));
        Assert.Equal(await WaitsAsync(h, native), await WaitsAsync(h, migrating));

        // the case left on version 1 escalated on 17 December, the old kantelpunt
        Assert.Contains(await h.TimelineAsync(staying), e => e.Kind == TimelineKind.TimerFired && e.ElementId == "apd_stap2_kantelpunt" && e.Due == FourWeeks);
    }

    [Fact]
    public async Task An_active_element_the_new_version_removed_without_a_mapping_refuses_the_case_naming_it()
    {
        var h = await EngineHarness.CreateAsync(Opened, Options());
        await h.Engine.DeployAsync(DuoMelding);
        var v1 = (await h.Engine.DeployAsync(V1)).Single();
        var caseId = (await OpenCaseAsync(h, "L-A")).InstanceIds.Single();
        await InterventionsAsync(h, caseId);
        await h.AdvanceToAsync(KernteamHeld);
        await EscalateToKernteamAsync(h, caseId);
        await h.AdvanceToAsync(Today);
        var before = await h.InstanceAsync(caseId);

        // the process owner replaced step 2's intervention by an element of another id
        var renamed = (await h.Engine.DeployAsync(V1.Replace("apd_stap2_interventie", "apd_stap2_opp_uitvoeren"))).Single();
        var plan = await h.Engine.ProposeMigrationAsync(v1.DefinitionId, renamed.DefinitionId);
        Assert.Null(plan.TargetOf("apd_stap2_interventie"));
        Assert.Null(plan.TargetOf("apd_stap2_kantelpunt")); // its activity did not map, so neither does the boundary event
        Assert.Empty((await h.Engine.CheckMigrationPlanAsync(plan)).Problems); // the plan is fine for cases elsewhere

        var preview = await h.Engine.PreviewMigrationAsync(plan, caseId);
        var problem = Assert.Single(preview.Problems);
        Assert.Equal(("apd_stap2_interventie", "actief-element-verwijderd"), (problem.ElementId, problem.Rule));
        var refused = await Assert.ThrowsAsync<MigrationRefusedException>(() => h.Engine.MigrateCaseAsync(plan, caseId, "procesEigenaar"));
        Assert.Contains("'Stap 2: interventie realiseren volgens OPP' (apd_stap2_interventie)", refused.Message);
        var after = await h.InstanceAsync(caseId);
        Assert.Equal((before.DefinitionId, before.Version, before.State), (after.DefinitionId, after.Version, after.State));

        // a mapping of another kind is refused by the plan itself, naming the element and both kinds
        var wrongKind = plan with { Mappings = [.. plan.Mappings, new("apd_stap2_interventie", "apd_stap2_vervolg_gw")] };
        var kind = Assert.Single((await h.Engine.CheckMigrationPlanAsync(wrongKind)).Problems);
        Assert.Equal(("apd_stap2_interventie", "soort-gewijzigd"), (kind.ElementId, kind.Rule));
        Assert.Contains("userTask", kind.Message);
        Assert.Contains("exclusiveGateway", kind.Message);

        // mapped by hand (the boundary event with it), the case migrates and the task keeps its due date's elapsed school time
        var byHand = plan with
        {
            Mappings = [.. plan.Mappings, new("apd_stap2_interventie", "apd_stap2_opp_uitvoeren"), new("apd_stap2_kantelpunt", "apd_stap2_kantelpunt")],
        };
        await h.Engine.MigrateCaseAsync(byHand, caseId, "procesEigenaar");
        Assert.Contains("apd_stap2_opp_uitvoeren", await h.ActiveAsync(caseId));
        Assert.Equal(FourWeeks, (await TimersAsync(h, caseId)).Single(t => t.ElementId == "apd_stap2_kantelpunt").DueAt);
    }

    // ---- reading --------------------------------------------------------------------------------------------

    private static async Task<List<SubscriptionRecord>> TimersAsync(EngineHarness h, Guid id)
    {
        await using var db = h.Store.CreateContext();
        return [.. db.Subscriptions.Where(s => s.InstanceId == id && s.Kind == SubscriptionKind.Timer)];
    }

    /// <summary>What a case waits for: element, kind, message name and key, due date (ids differ between two cases).</summary>
    private static async Task<string[]> WaitsAsync(EngineHarness h, Guid id)
    {
        await using var db = h.Store.CreateContext();
        var key = (await h.InstanceAsync(id)).BusinessKey;
        return [.. db.Subscriptions.Where(s => s.InstanceId == id).AsEnumerable()
            .Select(s => $"{s.ElementId} {s.Kind} {s.MessageName} {(s.CorrelationKey == key ? "<key>" : s.CorrelationKey)} {s.DueAt:O} {s.ActivatedAt:O}").Order()];
    }

    private static async Task<string[]> TasksAsync(EngineHarness h, Guid id) =>
        [.. (await h.OpenTasksAsync(id)).Select(t => $"{t.ElementId} {t.Name} {t.CandidateRole} {t.DueAt:O} {t.ClaimedBy} {t.Form}").Order()];

    private static async Task<string[]> AfterAsync(EngineHarness h, Guid id, DateTimeOffset from) =>
        [.. (await h.TimelineAsync(id)).Where(e => e.At >= from).Select(e => (e.At, e.Kind, e.ElementId, e.Due, e.Role, e.Message, e.Detail))
            .Select(e => e.ToString())];
}
