using System.Text.Json;
using Verzuim.Cases.Simulation;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

/// <summary>
/// Kernteams do not complete tasks the moment they appear. This takes a scenario and lets a random number of
/// school days pass before each completion (fixed seed, so a failure can be replayed), while the absences keep
/// their dates; a completion whose task is gone by then (superseded, cancelled) is skipped, as a person would
/// find nothing to complete. Tests built on it check that a model's legal thresholds still fire on the day the
/// seed says, whatever is still open.
/// </summary>
public static class DelayedCompletions
{
    /// <summary>Fixed seeds 1..<paramref name="count"/> for a delayed-completion theory, so a failing run can be replayed.</summary>
    public static TheoryData<int> Seeds(int count)
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= count; seed++) data.Add(seed);
        return data;
    }

    /// <summary>Loads a scenario file of tests/Scenarios (path relative to that folder).</summary>
    public static Scenario Load(string scenario)
    {
        var path = Path.Combine(ModelScenarioTests.RepositoryRoot, "tests", "Scenarios", scenario);
        var loaded = JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), ScenarioRunner.Json)!;
        // the workflow path of a scenario file is relative to its folder
        return loaded with { Workflow = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, loaded.Workflow!)) };
    }

    /// <summary>
    /// Every completeTask of <paramref name="scenario"/> moved 0..<paramref name="maxSchoolDays"/> school days later
    /// (same time of day, never past <c>until</c>), marked <c>ifOpen</c>; events stay in time order, and a completion
    /// that lands on the same instant as a message comes after it.
    /// </summary>
    public static Scenario Postpone(Scenario scenario, Random random, int maxSchoolDays)
    {
        var until = scenario.Until ?? throw new ArgumentException("scenario has no until");
        var events = (scenario.Events ?? []).Select((e, i) => (Event: e, Order: i)).Select(x =>
        {
            if (x.Event.CompleteTask is null) return (x.Event, Rank: 0, x.Order);
            var at = AddSchoolDays(x.Event.At!.Value, random.Next(maxSchoolDays + 1), scenario.Calendar);
            return (Event: x.Event with { At = at < until ? at : until, IfOpen = true }, Rank: 1, x.Order);
        });
        return scenario with
        {
            Events = events.OrderBy(x => x.Event.At).ThenBy(x => x.Rank).ThenBy(x => x.Order).Select(x => x.Event).ToList(),
        };
    }

    /// <summary>Runs a scenario as simulate does, with every contract message allowed.</summary>
    public static async Task<SimulationResult> RunAsync(Scenario scenario)
    {
        var file = WriteTemporary(scenario);
        try { return await ScenarioRunner.RunFileAsync(file, ModelScenarioTests.Options); }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// School days counted on the scenario's own calendar data (weekends, its holidays, its study days), written
    /// out here rather than taken from the engine's calendar, so the delay does not depend on the code under test.
    /// </summary>
    public static DateTimeOffset AddSchoolDays(DateTimeOffset at, int days, ScenarioCalendar? calendar)
    {
        var result = at;
        for (var added = 0; added < days;)
        {
            result = result.AddDays(1);
            if (IsSchoolDay(DateOnly.FromDateTime(result.UtcDateTime), calendar)) added++;
        }
        return result;
    }

    public static bool IsSchoolDay(DateOnly day, ScenarioCalendar? calendar) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !(calendar?.Holidays ?? []).Any(h => h.From <= day && day <= h.To)
        && !(calendar?.StudyDays ?? []).Contains(day);

    private static string WriteTemporary(Scenario scenario)
    {
        // RunFileAsync resolves called processes (duo-melding) beside the workflow file, as the service deploys them
        var file = Path.Combine(Path.GetTempPath(), $"verzuim-delayed-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(scenario, ScenarioRunner.Json));
        return file;
    }
}
