namespace Verzuim.Workflows.Runtime;

/// <summary>
/// What one command (start, correlate, complete, timer, retry) may cost, counted over every instance it touches.
/// Running out stops the token that hit the limit with an incident naming it; the command commits as usual, so a
/// poisoned model is one incident, never a command that fails and is run again.
/// </summary>
/// <param name="MaxCallDepth">Nested call activities below a case: deeper calls are an incident on the calling token.</param>
/// <param name="MaxSteps">Elements entered in one command, all instances together (a loop without a wait ends here).</param>
/// <param name="MaxCalls">Called processes started in one command.</param>
/// <param name="ExpressionTime">Time all expression evaluations of one command may take together (each also has its own limit).</param>
public sealed record CommandLimits(int MaxCallDepth = 10, int MaxSteps = 10_000, int MaxCalls = 100, TimeSpan? ExpressionTime = null)
{
    public static CommandLimits Default { get; } = new();
    public TimeSpan ExpressionBudget => ExpressionTime ?? TimeSpan.FromSeconds(5);
}
