using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Cases.Simulation;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Workflows.Tests.Models;

/// <summary>
/// Checks a simulation against the scenario's hand-worked <c>expect</c> block:
/// <c>timeline</c> — entries that must occur in this order (others may come between), each matching on the fields it names;
/// <c>absent</c> — entries that must not occur at all;
/// <c>instances</c> — per instance in start order: the fields it names, <c>variables</c> as a subset.
/// Fields starting with "_" (such as "_why") carry the author's reasoning and are not compared.
/// </summary>
public static class ScenarioExpectations
{
    public static void Check(JsonObject expect, SimulationResult result)
    {
        var actual = JsonSerializer.SerializeToNode(result, ScenarioRunner.Json)!.AsObject();
        var timeline = actual["timeline"]!.AsArray().Select(e => e!.AsObject()).ToList();

        var position = 0;
        foreach (var node in expect["timeline"]?.AsArray() ?? [])
        {
            var wanted = node!.AsObject();
            var index = timeline.FindIndex(position, e => Matches(wanted, e));
            if (index < 0)
                Assert.Fail($"Expected in the timeline after entry {position}: {wanted.ToJsonString()}\nSame kind from there:\n{Around(timeline, position, wanted)}");
            position = index + 1;
        }

        foreach (var node in expect["absent"]?.AsArray() ?? [])
        {
            var unwanted = node!.AsObject();
            var found = timeline.FirstOrDefault(e => Matches(unwanted, e));
            if (found is not null) Assert.Fail($"Expected no timeline entry like {unwanted.ToJsonString()}, found {found.ToJsonString()}");
        }

        if (expect["instances"] is JsonArray instances)
        {
            var actualInstances = actual["instances"]!.AsArray();
            Assert.True(instances.Count == actualInstances.Count, $"Expected {instances.Count} instance(s), got {actualInstances.Count}: {actualInstances.ToJsonString()}");
            for (var i = 0; i < instances.Count; i++)
            {
                var wanted = instances[i]!.AsObject();
                var got = actualInstances[i]!.AsObject();
                foreach (var (field, value) in wanted)
                {
                    if (field.StartsWith('_')) continue;
                    if (field == "variables")
                        foreach (var (name, v) in value!.AsObject())
                            Assert.True(JsonNode.DeepEquals(v, got["variables"]![name]), $"instances[{i}].variables.{name}: expected {v?.ToJsonString()}, got {got["variables"]![name]?.ToJsonString()}");
                    else
                        Assert.True(JsonNode.DeepEquals(value, got[field]), $"instances[{i}].{field}: expected {value?.ToJsonString()}, got {got[field]?.ToJsonString()}");
                }
            }
        }
    }

    /// <summary>Fields match by value; instants (at, due) as instants, whatever their offset notation.</summary>
    public static bool Matches(JsonObject wanted, JsonObject actual)
    {
        foreach (var (field, value) in wanted)
        {
            if (field.StartsWith('_')) continue; // "_why": the author's reasoning, not an expectation
            var other = actual[field];
            if (field is "at" or "due")
            {
                if (value is null || other is null || DateTimeOffset.Parse((string)value!) != DateTimeOffset.Parse((string)other!)) return false;
            }
            else if (!JsonNode.DeepEquals(value, other)) return false;
        }
        return true;
    }

    private static string Around(List<JsonObject> timeline, int position, JsonObject wanted)
    {
        var kind = (string?)wanted["kind"];
        var sameKind = timeline.Skip(position).Where(e => kind is null || (string?)e["kind"] == kind).Take(8).Select(e => "  " + e.ToJsonString()).ToList();
        return sameKind.Count == 0 ? "  (none)" : string.Join("\n", sameKind);
    }
}
