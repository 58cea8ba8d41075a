using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Verzuim.Persistence;

// Only for `dotnet ef migrations add`: each provider keeps its own migrations.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresWorkflowDbContext>
{
    public PostgresWorkflowDbContext CreateDbContext(string[] args) => (PostgresWorkflowDbContext)new WorkflowStore("Host=localhost;Database=verzuim").CreateContext();
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkflowDbContext>
{
    public SqliteWorkflowDbContext CreateDbContext(string[] args) => (SqliteWorkflowDbContext)new WorkflowStore("Data Source=design.db").CreateContext();
}
