namespace Verzuim.Workflows.Time;

/// <summary>The real wall clock. Stateless, so one shared instance suffices.</summary>
public sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    private SystemClock()
    {
    }

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
