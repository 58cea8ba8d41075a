namespace Verzuim.Workflows.Expressions;

/// <summary>
/// One command's expression time, shared by every evaluation in it: each runs at most its own limit and at most what
/// is left (so a loop of expressions that each stay under their limit still ends), and the command's cancellation
/// stops a running one (Jint's cancellation constraint). One command runs on one thread at a time.
/// </summary>
public sealed class ExpressionBudget(TimeSpan total, CancellationToken cancellation = default)
{
    private TimeSpan _used;

    public TimeSpan Total { get; } = total;
    public CancellationToken Cancellation { get; } = cancellation;
    public TimeSpan Remaining => Total - _used;
    public bool IsSpent => _used >= Total;

    internal void Charge(TimeSpan elapsed) => _used += elapsed;

    internal string SpentReason =>
        $"Limiet 'rekentijd-per-opdracht': de expressies van één opdracht mogen samen {Total.TotalSeconds:0.###} s rekenen en die tijd is op (mogelijk een lus met een zware expressie)";
}
