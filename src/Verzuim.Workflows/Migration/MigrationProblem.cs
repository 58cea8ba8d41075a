namespace Verzuim.Workflows.Migration;

/// <summary>Why a plan or a case cannot migrate: the element it is about, a rule code and the reason in Dutch.</summary>
public sealed record MigrationProblem(string ElementId, string Rule, string Message)
{
    public override string ToString() => $"{ElementId}: {Message}";
}

/// <summary>The plan (or one case under it) was refused; nothing was changed.</summary>
public sealed class MigrationRefusedException(IReadOnlyList<MigrationProblem> problems)
    : Exception("Migratie geweigerd: " + string.Join("; ", problems))
{
    public IReadOnlyList<MigrationProblem> Problems { get; } = problems;
}
