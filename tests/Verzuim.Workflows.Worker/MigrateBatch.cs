using Verzuim.Persistence;
using Verzuim.Workflows.Migration;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

/// <summary>worker migrate CONNECTION_STRING BATCH_ID NOW: runs a migration batch to its end at virtual instant NOW (the crash test kills it midway).</summary>
internal static class MigrateBatch
{
    public static async Task<int> RunAsync(string connectionString, Guid batchId, DateTimeOffset now)
    {
        var store = new WorkflowStore(connectionString);
        var engine = new WorkflowEngine(store, new VirtualClock(now));
        var handled = await new MigrationBatchRunner(engine, new EfMigrationBatchStore(store)).RunAsync(batchId);
        Console.WriteLine($"migrated {handled}");
        return 0;
    }
}
