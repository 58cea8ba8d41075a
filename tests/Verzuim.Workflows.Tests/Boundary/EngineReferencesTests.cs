using Verzuim.Cases.Attendance;
using Verzuim.Contracts;
using Verzuim.Persistence;
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

    [Fact]
    public void Engine_namespaces_are_declared_by_the_engine_alone_and_the_attendance_domain_is_not_among_them()
    {
        // a class under Verzuim.Workflows.* elsewhere would look like engine code while depending on the store or domain
        var others = new[] { typeof(WorkflowStore).Assembly, typeof(AttendanceLedger).Assembly, typeof(IPupilEvent).Assembly };
        var misplaced = others.SelectMany(a => a.GetTypes()).Where(t => IsUnder(t.Namespace, "Verzuim.Workflows")).Select(t => t.FullName).ToList();
        Assert.True(misplaced.Count == 0, $"Buiten de engine gedeclareerd onder Verzuim.Workflows: {string.Join(", ", misplaced)}.");

        var engineTypes = typeof(WorkflowEngine).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && !IsUnder(ns, "System") && !IsUnder(ns, "Microsoft")).ToList(); // not the compiler's attributes
        Assert.All(engineTypes, t => Assert.True(IsUnder(t.Namespace, "Verzuim.Workflows"), $"{t.FullName} staat in de engine buiten Verzuim.Workflows."));
        // the attendance ledger and its signal calculation are the domain's (Verzuim.Cases), not the engine's
        Assert.DoesNotContain(engineTypes, t => t.Namespace!.Contains("Attendance", StringComparison.Ordinal) || t.Name.StartsWith("Absence", StringComparison.Ordinal));
        Assert.Contains(typeof(AttendanceSignalCalculator).Assembly.GetTypes(), t => t.Namespace == "Verzuim.Cases.Attendance"); // the check sees the moved types
    }

    private static bool IsUnder(string? ns, string root) => ns is not null && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal));
}
