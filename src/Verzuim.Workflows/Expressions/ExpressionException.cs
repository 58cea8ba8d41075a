namespace Verzuim.Workflows.Expressions;

/// <summary>An expression failed to parse or run; the engine turns this into an incident on the token.</summary>
public sealed class ExpressionException(string expression, string reason, Exception? inner = null)
    : Exception($"Expressie '{expression}' faalt: {reason}", inner)
{
    public string Expression { get; } = expression;
    public string Reason { get; } = reason;
}
