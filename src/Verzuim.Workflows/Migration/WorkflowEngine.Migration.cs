using Verzuim.Workflows.Migration;
using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Runtime;

/// <summary>Migrating running cases to another version of their process (docs/studio.md, Migreren).</summary>
public sealed partial class WorkflowEngine
{
    /// <summary>The automatic plan between two versions of one process: every element with the same id and kind maps to itself.</summary>
    public async Task<MigrationPlan> ProposeMigrationAsync(Guid sourceDefinitionId, Guid targetDefinitionId, CancellationToken ct = default)
    {
        var (source, sourceModel, target, targetModel) = await VersionsAsync(sourceDefinitionId, targetDefinitionId, ct);
        return MigrationPlanner.Propose(source.Id, sourceModel, target.Id, targetModel);
    }

    /// <summary>The plan judged against its two versions: what refuses it, and the rule of every mapped timer and task due date.</summary>
    public async Task<MigrationPlanCheck> CheckMigrationPlanAsync(MigrationPlan plan, CancellationToken ct = default)
    {
        var (source, sourceModel, target, targetModel) = await VersionsAsync(plan.SourceDefinitionId, plan.TargetDefinitionId, ct);
        var (problems, timers, unmapped) = MigrationPlanner.Check(plan, sourceModel, targetModel);
        return new(plan, source.ProcessId, source.Version, target.Version, problems, timers, unmapped);
    }

    /// <summary>What migrating the case would do, computed exactly as <see cref="MigrateCaseAsync"/> does it, and nothing kept.</summary>
    public async Task<CaseMigrationPreview> PreviewMigrationAsync(MigrationPlan plan, Guid instanceId, CancellationToken ct = default)
    {
        var check = await CheckMigrationPlanAsync(plan, ct);
        if (!check.IsValid) throw new MigrationRefusedException(check.Problems);
        var (source, sourceModel, target, targetModel) = await VersionsAsync(plan.SourceDefinitionId, plan.TargetDefinitionId, ct);
        await using var store = await _store.BeginAsync(ct); // never committed: disposing rolls the migration back
        var tx = new WorkflowTransaction(store, _clock, CommandExpressions(ct), _definitions, _options, ct);
        return await new CaseMigrator(tx, plan, source, sourceModel, target, targetModel).MigrateAsync(instanceId, null, ct);
    }

    /// <summary>
    /// Migrates one case in its own transaction. Refused (<see cref="MigrationRefusedException"/>, nothing changed) when the
    /// plan or the case does not allow it. <paramref name="alsoInTransaction"/> runs in the same unit of work after the
    /// case moved (a batch marks the case done there), so both commit or neither does.
    /// </summary>
    public async Task<CaseMigrationPreview> MigrateCaseAsync(MigrationPlan plan, Guid instanceId, string? migratedBy,
        Func<IWorkflowUnitOfWork, CaseMigrationPreview, CancellationToken, Task>? alsoInTransaction = null, CancellationToken ct = default)
    {
        var check = await CheckMigrationPlanAsync(plan, ct);
        if (!check.IsValid) throw new MigrationRefusedException(check.Problems);
        var (source, sourceModel, target, targetModel) = await VersionsAsync(plan.SourceDefinitionId, plan.TargetDefinitionId, ct);
        return await ExecuteAsync(async tx =>
        {
            var result = await new CaseMigrator(tx, plan, source, sourceModel, target, targetModel).MigrateAsync(instanceId, migratedBy, ct);
            if (!result.CanMigrate) throw new MigrationRefusedException(result.Problems);
            if (alsoInTransaction is not null) await alsoInTransaction(tx.Store, result, ct);
            return result;
        }, ct);
    }

    /// <summary>
    /// Migrates the case <paramref name="claim"/> picks inside the same unit of work (a batch's next pending case, locked),
    /// then lets <paramref name="done"/> record the result there; null when nothing was claimed. A refused case throws
    /// <see cref="MigrationRefusedException"/> after everything rolled back, with <paramref name="claimed"/> set to it.
    /// </summary>
    public async Task<CaseMigrationPreview?> MigrateClaimedAsync(MigrationPlan plan, string? migratedBy,
        Func<IWorkflowUnitOfWork, CancellationToken, Task<Guid?>> claim, Func<IWorkflowUnitOfWork, CaseMigrationPreview, CancellationToken, Task> done,
        Action<Guid>? claimed = null, CancellationToken ct = default)
    {
        var (source, sourceModel, target, targetModel) = await VersionsAsync(plan.SourceDefinitionId, plan.TargetDefinitionId, ct);
        return await ExecuteAsync<CaseMigrationPreview?>(async tx =>
        {
            if (await claim(tx.Store, ct) is not { } instanceId) return null;
            claimed?.Invoke(instanceId);
            var result = await new CaseMigrator(tx, plan, source, sourceModel, target, targetModel).MigrateAsync(instanceId, migratedBy, ct);
            if (!result.CanMigrate) throw new MigrationRefusedException(result.Problems);
            await done(tx.Store, result, ct);
            return result;
        }, ct);
    }

    /// <summary>
    /// Case modification by the beheerder: the token on <paramref name="fromElementId"/> moves to
    /// <paramref name="toElementId"/> of the same scope, with the reason and who did it on the case timeline (see
    /// <see cref="InstanceExecution.MoveToken"/>). One transaction; what the target starts runs at once.
    /// </summary>
    public Task MoveTokenAsync(Guid instanceId, string fromElementId, string toElementId, string reason, string movedBy, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("Geef een reden voor het verplaatsen; die komt in de geschiedenis van de zaak.", nameof(reason));
        return ExecuteAsync(async tx =>
        {
            var execution = await tx.LoadAsync(instanceId, ct);
            execution.MoveToken(fromElementId, toElementId, reason.Trim(), movedBy);
            return true;
        }, ct);
    }

    private async Task<(DefinitionRecord, Model.ProcessModel, DefinitionRecord, Model.ProcessModel)> VersionsAsync(Guid sourceId, Guid targetId, CancellationToken ct)
    {
        var source = await _store.FindDefinitionAsync(sourceId, ct) ?? throw new KeyNotFoundException($"Bronversie {sourceId} bestaat niet.");
        var target = await _store.FindDefinitionAsync(targetId, ct) ?? throw new KeyNotFoundException($"Doelversie {targetId} bestaat niet.");
        if (source.ProcessId != target.ProcessId)
            throw new InvalidOperationException($"Bron- en doelversie horen bij verschillende processen ('{source.ProcessId}' en '{target.ProcessId}'); migreren kan alleen binnen één proces.");
        if (target.Status == DefinitionStatus.Draft)
            throw new InvalidOperationException($"Versie {target.Version} van '{target.ProcessId}' is een concept; publiceer haar eerst, zaken migreren alleen naar een gepubliceerde versie.");
        if (source.Id == target.Id) throw new InvalidOperationException("Bron- en doelversie zijn dezelfde versie.");
        return (source, _definitions.Model(source), target, _definitions.Model(target));
    }
}
