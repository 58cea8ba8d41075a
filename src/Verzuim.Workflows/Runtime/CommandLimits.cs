namespace Verzuim.Workflows.Runtime;

/// <summary>
/// What one command (start, correlate, complete, timer, retry) may cost, counted over every instance it touches.
/// Running out stops the token that hit the limit with an incident naming it; the command commits as usual, so a
/// poisoned model is one incident, never a command that fails and is run again.
/// </summary>
/// <param name="MaxCallDepth">Nested call activities below a case: deeper calls are an incident on the calling token.</param>
public sealed record CommandLimits(int MaxCallDepth = 10)
{
    public static CommandLimits Default { get; } = new();
}
