using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Tests.Support.InMemory;

/// <summary>
/// The in-memory store keeps the isolation the engine counts on from a database: a unit of work sees its own
/// writes and nobody else's uncommitted ones, commit applies them at once, and a conflicting concurrent change
/// fails the later commit with a failure the store calls transient (so the engine retries, as on a version check).
/// </summary>
[Trait("Category", "Unit")]
public sealed class InMemoryWorkflowStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static InstanceRecord Instance(string? businessKey = "leerling-1") => new()
    {
        Id = Guid.NewGuid(), DefinitionId = Guid.NewGuid(), ProcessId = "p", BusinessKey = businessKey, Status = InstanceStatus.Running,
        Variables = "{}", State = "{}", StartedAt = Now, UpdatedAt = Now, Version = 1,
    };

    private static SubscriptionRecord Timer(Guid instanceId, string elementId, DateTimeOffset due) => new()
    {
        Id = Guid.NewGuid(), Kind = SubscriptionKind.Timer, InstanceId = instanceId, ElementId = elementId, DueAt = due, CreatedAt = Now,
    };

    private static async Task CommitAsync(InMemoryWorkflowStore store, Action<IWorkflowUnitOfWork> write)
    {
        await using var work = await store.BeginAsync();
        write(work);
        await work.CommitAsync();
    }

    [Fact]
    public async Task A_unit_of_work_sees_its_own_writes_and_others_see_them_only_after_commit()
    {
        var store = new InMemoryWorkflowStore();
        var instance = Instance();
        await using var writer = await store.BeginAsync();
        writer.AddInstance(instance);
        Assert.Same(instance, await writer.FindInstanceAsync(instance.Id));
        Assert.True(await writer.HasOpenCaseAsync("p", "leerling-1"));

        await using (var reader = await store.BeginAsync())
            Assert.Null(await reader.FindInstanceAsync(instance.Id));
        await writer.CommitAsync();
        await using (var reader = await store.BeginAsync())
            Assert.Equal("leerling-1", (await reader.FindInstanceAsync(instance.Id))!.BusinessKey);
    }

    [Fact]
    public async Task A_row_read_twice_in_one_unit_of_work_is_one_object_and_a_rollback_leaves_the_store_as_it_was()
    {
        var store = new InMemoryWorkflowStore();
        var instance = Instance();
        var timer = Timer(instance.Id, "t", Now);
        await CommitAsync(store, w => { w.AddInstance(instance); w.AddSubscription(timer); });

        await using (var work = await store.BeginAsync())
        {
            var waits = await work.SubscriptionsOfInstanceAsync(instance.Id);
            Assert.Same(Assert.Single(waits), Assert.Single(await work.ClaimDueTimersAsync(Now, 10, [])));
            work.RemoveSubscription(waits[0]);
            (await work.FindInstanceAsync(instance.Id))!.Status = InstanceStatus.Completed;
            Assert.Empty(await work.SubscriptionsOfInstanceAsync(instance.Id));
        } // disposed without commit
        Assert.Single(store.Rows<SubscriptionRecord>());
        Assert.Equal(InstanceStatus.Running, Assert.Single(store.Rows<InstanceRecord>()).Status);
    }

    [Fact]
    public async Task A_stale_write_fails_the_later_commit_as_a_transient_conflict()
    {
        var store = new InMemoryWorkflowStore();
        var instance = Instance();
        await CommitAsync(store, w => w.AddInstance(instance));

        await using var first = await store.BeginAsync();
        await using var second = await store.BeginAsync();
        (await first.FindInstanceAsync(instance.Id))!.Version = 2;
        (await second.FindInstanceAsync(instance.Id))!.Version = 2;
        await first.CommitAsync();
        var conflict = await Assert.ThrowsAsync<InMemoryConflictException>(() => second.CommitAsync());
        Assert.True(store.IsTransient(conflict));
        Assert.False(store.IsTransient(new InvalidOperationException("een fout in het proces")));
        Assert.Equal(2, Assert.Single(store.Rows<InstanceRecord>()).Version);
    }

    [Fact]
    public async Task A_claimed_timer_is_skipped_by_a_concurrent_unit_of_work_until_the_claimer_ends()
    {
        var store = new InMemoryWorkflowStore();
        var instance = Instance();
        var early = Timer(instance.Id, "b", Now.AddMinutes(-5));
        var sameInstantA = Timer(instance.Id, "a", Now);
        var sameInstantB = Timer(instance.Id, "B", Now);
        var later = Timer(instance.Id, "z", Now.AddMinutes(5));
        await CommitAsync(store, w => { w.AddInstance(instance); foreach (var t in new[] { later, sameInstantA, early, sameInstantB }) w.AddSubscription(t); });

        await using var first = await store.BeginAsync();
        // earliest first; at one instant by element id, ordinal ("B" before "a"); the later one is not due
        Assert.Equal(["b", "B"], (await first.ClaimDueTimersAsync(Now, 2, [])).Select(t => t.ElementId));
        await using (var second = await store.BeginAsync())
        {
            Assert.Equal(["a"], (await second.ClaimDueTimersAsync(Now, 10, [])).Select(t => t.ElementId));
            Assert.Empty(await second.ClaimDueTimersAsync(Now, 10, []));
        }
        await first.DisposeAsync();
        await using var third = await store.BeginAsync();
        Assert.Equal(["b", "B", "a"], (await third.ClaimDueTimersAsync(Now, 10, [])).Select(t => t.ElementId));
        await third.DisposeAsync();
        await using var fourth = await store.BeginAsync();
        Assert.Equal(["B", "a"], (await fourth.ClaimDueTimersAsync(Now, 10, [early.Id])).Select(t => t.ElementId)); // passed over on request
    }

    [Fact]
    public async Task A_second_open_case_for_one_business_key_and_a_timer_fired_twice_are_conflicts()
    {
        var store = new InMemoryWorkflowStore();
        await CommitAsync(store, w => w.AddInstance(Instance()));
        await Assert.ThrowsAsync<InMemoryConflictException>(() => CommitAsync(store, w => w.AddInstance(Instance())));
        await CommitAsync(store, w => w.AddInstance(Instance(businessKey: "leerling-2")));

        var instance = Instance(businessKey: null);
        var timer = Timer(instance.Id, "t", Now);
        await CommitAsync(store, w => { w.AddInstance(instance); w.AddSubscription(timer); });
        await using var first = await store.BeginAsync();
        await using var second = await store.BeginAsync();
        var a = Assert.Single(await first.SubscriptionsOfInstanceAsync(instance.Id));
        var b = Assert.Single(await second.SubscriptionsOfInstanceAsync(instance.Id));
        first.RemoveSubscription(a);
        second.RemoveSubscription(b);
        await first.CommitAsync();
        await Assert.ThrowsAsync<InMemoryConflictException>(() => second.CommitAsync());
    }

    [Fact]
    public async Task Timeline_ids_follow_the_order_entries_were_added()
    {
        var store = new InMemoryWorkflowStore();
        var id = Guid.NewGuid();
        await CommitAsync(store, w =>
        {
            for (var i = 1; i <= 3; i++) w.AddTimeline(new TimelineRecord { InstanceId = id, Sequence = i, At = Now, Kind = TimelineKind.ActivityStarted });
        });
        await CommitAsync(store, w => w.AddTimeline(new TimelineRecord { InstanceId = id, Sequence = 4, At = Now, Kind = TimelineKind.InstanceCompleted }));
        var rows = store.Rows<TimelineRecord>().OrderBy(t => t.Id).ToList();
        Assert.Equal([1, 2, 3, 4], rows.Select(t => t.Sequence));
        Assert.Equal(4, rows.Select(t => t.Id).Distinct().Count());
        await Assert.ThrowsAsync<InMemoryConflictException>(() => CommitAsync(store, w =>
            w.AddTimeline(new TimelineRecord { InstanceId = id, Sequence = 4, At = Now, Kind = TimelineKind.InstanceCompleted })));
    }
}
