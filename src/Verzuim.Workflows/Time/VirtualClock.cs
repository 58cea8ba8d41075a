namespace Verzuim.Workflows.Time;

/// <summary>
/// A clock that only moves when told to, for tests and "what happens after 12 school weeks"
/// simulations. It never runs backwards: timers that already fired must stay fired, so a
/// backwards jump would make the engine's view of time inconsistent.
/// Thread-safe: the engine's timer loop may read it while a test thread advances it.
/// </summary>
public sealed class VirtualClock : IClock
{
    private readonly Lock gate = new();
    private DateTimeOffset now;

    public VirtualClock(DateTimeOffset start)
    {
        now = start.ToUniversalTime();
    }

    public DateTimeOffset UtcNow
    {
        get
        {
            lock (gate)
            {
                return now;
            }
        }
    }

    /// <summary>Jumps to <paramref name="instant"/>; staying at the current instant is allowed.</summary>
    /// <exception cref="ArgumentException">The instant lies before the current time.</exception>
    public void Set(DateTimeOffset instant)
    {
        var target = instant.ToUniversalTime();
        lock (gate)
        {
            if (target < now)
            {
                throw new ArgumentException(
                    $"VirtualClock cannot go backwards: {target:O} is before the current time {now:O}.",
                    nameof(instant));
            }

            now = target;
        }
    }

    /// <summary>Moves time forward by <paramref name="by"/> and returns the new current instant.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public DateTimeOffset Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (gate)
        {
            now += by;
            return now;
        }
    }
}
