namespace Verzuim.Persistence;

/// <summary>
/// A unit of work of the EF Core store, for modules that know this store: their rows (the attendance ledger's) go
/// through the same <see cref="Db"/> and so commit or roll back with the engine's.
/// </summary>
public interface IEfUnitOfWork
{
    WorkflowDbContext Db { get; }
}
