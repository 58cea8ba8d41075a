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

    [Fact]
    public void The_engine_has_no_case_lifecycle_of_its_own_and_knows_no_case_variables_by_default()
    {
        // the lifecycle messages and their publisher are the host's (an IExecutionObserver)
        string[] domain = ["Lifecycle", "CaseEvent", "Geopend", "Gesloten", "StapGewijzigd", "TaakAangemaakt"];
        var named = typeof(WorkflowEngine).Assembly.GetTypes()
            .Where(t => domain.Any(d => t.Name.Contains(d, StringComparison.OrdinalIgnoreCase))).Select(t => t.FullName).ToList();
        Assert.True(named.Count == 0, $"De engine heeft domeintypen: {string.Join(", ", named)}.");

        var defaults = new WorkflowEngineOptions();
        Assert.Empty(defaults.Observers);
        Assert.Empty(defaults.ProtectedVariables);
        Assert.Null(defaults.ScopeVariable);
        Assert.DoesNotContain(typeof(WorkflowEngineOptions).GetProperties(), p => p.Name.Contains("Case", StringComparison.Ordinal));
    }
}
