using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Verzuim.Persistence;
using Verzuim.Workflows.Tests.Support;

namespace Verzuim.Workflows.Tests.Boundary;

/// <summary>
/// The store's migrations after they moved to Verzuim.Persistence: an existing database knows them by id in
/// <c>__migrations</c>, so the ids stay, and the model the code builds is the one the migrations create.
/// </summary>
public sealed class MigrationTests
{
    /// <summary>The migrations existing databases have applied (ids from before the move, oldest first).</summary>
    private static readonly string[] PostgresIds =
    [
        "20261123201125_Initial", "20261123202042_AttendanceLedger", "20261123222610_CaseStepSchoolAndAuditLog",
        "20261202130619_SchoolCalendars", "20261202181801_SessionsAndAuditResult", "20261203065017_DefinitionChangeNote",
        "20261203092029_CaseNotes", "20261203092346_ErrorMessages", "20261203093442_PeopleAndMail",
    ];

    private static readonly string[] SqliteIds =
    [
        "20261123201140_Initial", "20261123202059_AttendanceLedger", "20261123222523_CaseStepSchoolAndAuditLog",
        "20261202130656_SchoolCalendars", "20261202181805_SessionsAndAuditResult", "20261203065026_DefinitionChangeNote",
        "20261203092041_CaseNotes", "20261203092351_ErrorMessages", "20261203093505_PeopleAndMail",
    ];

    [Fact]
    public async Task An_empty_PostgreSQL_database_migrates_to_the_model_with_the_existing_migration_ids()
    {
        var store = new WorkflowStore(await TestDatabase.CreateEmptyAsync("mig"));
        await AssertMigratesAsync(store, PostgresIds);
    }

    [Fact]
    public async Task An_empty_SQLite_database_migrates_to_the_model_with_the_existing_migration_ids()
    {
        var file = Path.Combine(Path.GetTempPath(), $"verzuim-migraties-{Guid.NewGuid():N}.db");
        try { await AssertMigratesAsync(new WorkflowStore($"Data Source={file}"), SqliteIds); }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static async Task AssertMigratesAsync(WorkflowStore store, string[] existingIds)
    {
        await store.MigrateAsync();
        await using var db = store.CreateContext();
        var all = db.Database.GetMigrations().ToList();
        Assert.Equal(existingIds, all.Take(existingIds.Length)); // later migrations may follow, these keep their ids
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "het model wijkt af van de migraties: maak een migratie");
    }
}
