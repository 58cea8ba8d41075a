using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Migration.ApeldoornMigration;

namespace Verzuim.Workflows.Tests.Migration;

/// <summary>The beheerder moves a stuck Apeldoorn case's token to another element (PostgreSQL).</summary>
public sealed class CaseModificationTests
{
    [Fact]
    public async Task A_token_moved_to_step_3_cancels_step_2_enters_step_3_and_records_who_and_why()
    {
        var h = await EngineHarness.CreateAsync(Opened, Options());
        await h.Engine.DeployAsync(DuoMelding);
        await h.Engine.DeployAsync(V1);
        var caseId = (await OpenCaseAsync(h, "L-A")).InstanceIds.Single();
        await InterventionsAsync(h, caseId);
        await h.AdvanceToAsync(KernteamHeld);
        await EscalateToKernteamAsync(h, caseId);
        var stuck = await h.TaskIdAsync(caseId, "apd_stap2_interventie");
        await h.AdvanceToAsync(Today);

        await h.Engine.MoveTokenAsync(caseId, "apd_stap2_interventie", "apd_stap3_richting", "kernteam besloot op 1 december al tot opschaling", "beheerder");

        var active = await h.ActiveAsync(caseId);
        Assert.Contains("apd_stap3_richting", active);
        Assert.DoesNotContain("apd_stap2_interventie", active);
        var open = await h.OpenTasksAsync(caseId);
        Assert.DoesNotContain(open, t => t.Id == stuck);
        Assert.Contains(open, t => t.ElementId == "apd_stap3_richting" && t.CreatedAt == Today);
        await using (var db = h.Store.CreateContext())
            Assert.DoesNotContain(db.Subscriptions, s => s.InstanceId == caseId && s.ElementId == "apd_stap2_kantelpunt"); // its kantelpunt is gone with it
        var timeline = await h.TimelineAsync(caseId);
        var moved = timeline.Single(e => e.Kind == TimelineKind.TokenMoved);
        Assert.Equal("apd_stap3_richting", moved.ElementId);
        Assert.Contains("\"door\":\"beheerder\"", moved.Detail);
        Assert.Contains("kernteam besloot op 1 december al tot opschaling", moved.Detail);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.ActivityCancelled && e.ElementId == "apd_stap2_interventie" && e.At == Today);
    }

    [Fact]
    public async Task Moving_refuses_a_target_in_another_scope_an_element_without_a_token_and_an_empty_reason_and_changes_nothing()
    {
        var h = await EngineHarness.CreateAsync(Opened, Options());
        await h.Engine.DeployAsync(DuoMelding);
        await h.Engine.DeployAsync(V1);
        var caseId = (await OpenCaseAsync(h, "L-A")).InstanceIds.Single();
        var before = await h.InstanceAsync(caseId);

        var scope = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            h.Engine.MoveTokenAsync(caseId, "apd_stap1_interventies", "apd_splitsen", "test", "beheerder"));
        Assert.Contains("subproces 'apd_opschaling'", scope.Message);
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            h.Engine.MoveTokenAsync(caseId, "apd_stap3_richting", "apd_stap4_actietafel", "test", "beheerder"));
        Assert.Contains("geen token op 'apd_stap3_richting'", none.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.MoveTokenAsync(caseId, "apd_stap1_interventies", "apd_stap3_richting", " ", "beheerder"));
        var after = await h.InstanceAsync(caseId);
        Assert.Equal((before.Version, before.State), (after.Version, after.State));
    }
}
