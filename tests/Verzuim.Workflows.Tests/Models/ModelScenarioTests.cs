using Verzuim.Cases.Simulation;
using Verzuim.Contracts;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models;

/// <summary>
/// Every scenario under tests/Scenarios/&lt;model&gt;/ runs through the simulate contract and must meet its own
/// hand-worked expectations; every model in workflows/ must load without validation errors.
/// </summary>
public sealed class ModelScenarioTests
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>As the service and <c>simulate</c> run them: any contract message may arrive.</summary>
    public static SimulationOptions Options { get; } = new() { KnownMessages = MessageNames.Inbound, ProtectedVariables = CaseVariables.Protected };

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Verzuim.sln"))) return dir.FullName;
        throw new InvalidOperationException("Verzuim.sln not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(RepositoryRoot, "tests", "Scenarios");
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(folder, file));
        return data;
    }

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "workflows"), "*.bpmn").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_meets_its_expectations(string scenario)
    {
        var path = Path.Combine(RepositoryRoot, "tests", "Scenarios", scenario);
        var result = await ScenarioRunner.RunFileAsync(path, Options);
        var expect = System.Text.Json.JsonSerializer.Deserialize<Scenario>(await File.ReadAllTextAsync(path), ScenarioRunner.Json)!.Expect;
        Assert.True(expect is not null, $"{scenario} has no \"expect\" block");
        ScenarioExpectations.Check(expect!, result);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Model_loads_without_validation_errors(string model)
    {
        var (_, problems) = BpmnReader.Validate(File.ReadAllText(Path.Combine(RepositoryRoot, "workflows", model)));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
