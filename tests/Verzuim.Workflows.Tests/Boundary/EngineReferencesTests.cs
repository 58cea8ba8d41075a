using Verzuim.Workflows.Runtime;

namespace Verzuim.Workflows.Tests.Boundary;

/// <summary>
/// The engine knows its store only through its contracts (Stores/) and knows no domain: no EF Core, no database
/// driver, no persistence, case or host assembly among what it references (issue 13).
/// </summary>
[Trait("Category", "Unit")]
public sealed class EngineReferencesTests
{
    [Fact]
    public void The_engine_assembly_references_no_store_technology_and_no_domain_assembly()
    {
        var referenced = typeof(WorkflowEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        string[] forbidden = ["Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite", "SQLitePCL", "Verzuim.Persistence", "Verzuim.Cases",
            "Verzuim.Host", "Verzuim.Contracts"];
        var found = referenced.Where(name => forbidden.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal))).ToList();
        Assert.True(found.Count == 0, $"De engine verwijst naar {string.Join(", ", found)}.");
        Assert.Contains("Jint", referenced); // the inspection sees real references: the expression sandbox is one
    }
}
