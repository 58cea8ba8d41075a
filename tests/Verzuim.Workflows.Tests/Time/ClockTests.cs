using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Time;

[Trait("Category", "Unit")]
public class ClockTests
{
    private static readonly DateTimeOffset Start = new(2024, 9, 2, 10, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void SystemClock_is_a_singleton_reporting_utc()
    {
        Assert.Same(SystemClock.Instance, SystemClock.Instance);
        var before = DateTimeOffset.UtcNow;
        var now = SystemClock.Instance.UtcNow;
        Assert.Equal(TimeSpan.Zero, now.Offset);
        Assert.InRange(now, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public void VirtualClock_starts_at_the_given_instant_in_utc()
    {
        var clock = new VirtualClock(Start);
        Assert.Equal(Start, clock.UtcNow);
        Assert.Equal(TimeSpan.Zero, clock.UtcNow.Offset);
        Assert.Equal(new DateTime(2024, 9, 2, 8, 0, 0), clock.UtcNow.DateTime);
    }

    [Fact]
    public void VirtualClock_advances_and_sets_forward()
    {
        var clock = new VirtualClock(Start);
        Assert.Equal(Start.AddHours(3), clock.Advance(TimeSpan.FromHours(3)));
        Assert.Equal(Start.AddHours(3), clock.UtcNow);

        clock.Set(Start.AddDays(10));
        Assert.Equal(Start.AddDays(10), clock.UtcNow);

        clock.Set(Start.AddDays(10)); // staying put is not going backwards
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(Start.AddDays(10), clock.UtcNow);
    }

    [Fact]
    public void VirtualClock_refuses_to_go_backwards()
    {
        var clock = new VirtualClock(Start);
        var ex = Assert.Throws<ArgumentException>(() => clock.Set(Start.AddTicks(-1)));
        Assert.Equal("instant", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
        Assert.Equal(Start, clock.UtcNow);
    }

    [Fact]
    public void VirtualClock_compares_instants_not_offsets_when_refusing()
    {
        var clock = new VirtualClock(Start); // 08:00Z
        clock.Set(new DateTimeOffset(2024, 9, 2, 9, 0, 0, TimeSpan.FromHours(1))); // same instant written differently
        Assert.Equal(Start, clock.UtcNow);
    }

    [Fact]
    public async Task VirtualClock_is_thread_safe_under_concurrent_advances_and_reads()
    {
        var clock = new VirtualClock(Start);
        const int advances = 20_000;
        var readsWentBackwards = false;

        var reader = Task.Run(() =>
        {
            var previous = clock.UtcNow;
            for (var i = 0; i < advances; i++)
            {
                var current = clock.UtcNow;
                if (current < previous)
                {
                    readsWentBackwards = true;
                }

                previous = current;
            }
        });
        Parallel.For(0, advances, _ => clock.Advance(TimeSpan.FromSeconds(1)));
        await reader;

        Assert.Equal(Start.AddSeconds(advances), clock.UtcNow);
        Assert.False(readsWentBackwards);
    }
}
