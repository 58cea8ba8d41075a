using System.Text.Json.Nodes;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Engine;

/// <summary>
/// Random completion bodies (fixed seed, so a failure reproduces) against a form of every field type: each is either
/// refused with the reasons and changes nothing, or accepted and changes exactly the declared fields it carried.
/// </summary>
public class TaskCompletionFuzzTests : EngineTests
{
    private const int Bodies = 60;
    private static readonly string[] Declared = ["tekst", "verslag", "akkoord", "datum", "aantal", "keuze"];
    private static readonly string[] Other = ["schoolId", "leerlingId", "signalen", "regievoerder", "jeugdartsToelichting", "__proto__", "", "constructor", "TEKST", "tekst "];

    private static readonly string Model = Process("fuzz", $"""
        <bpmn:startEvent id="start"><bpmn:extensionElements>
          <verzuim:output target="schoolId" expression="'S-APD-01'"/><verzuim:output target="leerlingId" expression="'L-1'"/>
        </bpmn:extensionElements></bpmn:startEvent>
        <bpmn:userTask id="taak"><bpmn:extensionElements>
          <verzuim:formField id="tekst" label="Tekst" type="string" required="true"/>
          <verzuim:formField id="verslag" label="Verslag" type="text"/>
          <verzuim:formField id="akkoord" label="Akkoord" type="boolean"/>
          <verzuim:formField id="datum" label="Datum" type="date"/>
          <verzuim:formField id="aantal" label="Aantal" type="number"/>
          <verzuim:formField id="keuze" label="Keuze" type="enum"><verzuim:value id="a" name="A"/><verzuim:value id="b" name="B"/></verzuim:formField>
        </bpmn:extensionElements></bpmn:userTask>
        <bpmn:userTask id="daarna"/><bpmn:endEvent id="einde"/>
        {Flows("start", "taak", "daarna", "einde")}
        """);

    [Fact]
    public async Task Random_bodies_are_refused_whole_or_change_only_their_declared_fields()
    {
        var h = await HarnessAsync();
        await h.Engine.DeployAsync(Model);
        var random = new Random(20261202);
        int accepted = 0, refused = 0;
        for (var i = 0; i < Bodies; i++)
        {
            var id = await h.Engine.StartAsync("fuzz");
            var before = await h.VariablesAsync(id);
            var body = Body(random);
            var text = body.ToJsonString();
            try { await h.Engine.CompleteTaskAsync(await h.TaskIdAsync(id, "taak"), body.DeepClone().AsObject()); }
            catch (TaskValidationException e)
            {
                refused++;
                Assert.NotEmpty(e.Errors);
                Assert.Equal(before.ToJsonString(), (await h.VariablesAsync(id)).ToJsonString());
                Assert.Equal(["taak"], await h.ActiveAsync(id));
                continue;
            }
            accepted++;
            var after = await h.VariablesAsync(id);
            Assert.All(body, f => Assert.Contains(f.Key, Declared)); // accepted bodies hold declared fields only
            Assert.Equal("S-APD-01", (string?)after["schoolId"]);
            Assert.Equal("L-1", (string?)after["leerlingId"]);
            Assert.Equal(before.Count + body.Count, after.Count);
            foreach (var (name, value) in body) Assert.True(JsonNode.DeepEquals(value, after[name]), $"body {i} {text}: {name}");
            Assert.Equal(["daarna"], await h.ActiveAsync(id));
        }
        // the generator makes both kinds: otherwise this test would check only one side
        Assert.InRange(accepted, 5, Bodies - 5);
        Assert.InRange(refused, 5, Bodies - 5);
    }

    /// <summary>Mostly declared fields with fitting values, sometimes a wrong type, an edge length, or a name the form lacks.</summary>
    private static JsonObject Body(Random random)
    {
        var body = new JsonObject();
        foreach (var field in Declared)
        {
            if (field != "tekst" && random.Next(2) == 0) continue;
            body[field] = random.Next(8) == 0 ? Wrong(random) : Fitting(field, random);
        }
        if (random.Next(6) == 0) body.Remove("tekst");
        if (random.Next(5) == 0) body[Other[random.Next(Other.Length)]] = Wrong(random);
        return body;
    }

    private static JsonNode? Fitting(string field, Random random) => field switch
    {
        "tekst" => new string('t', random.Next(6) == 0 ? 199 + random.Next(3) : 1 + random.Next(20)),
        "verslag" => new string('v', random.Next(6) == 0 ? 3999 + random.Next(3) : random.Next(100)),
        "akkoord" => random.Next(2) == 0,
        "datum" => new DateOnly(2024, 1, 1).AddDays(random.Next(700)).ToString("yyyy-MM-dd"),
        "aantal" => random.Next(-5, 100) / 4.0,
        _ => random.Next(2) == 0 ? "a" : "b",
    };

    private static JsonNode? Wrong(Random random) => random.Next(8) switch
    {
        0 => null,
        1 => new JsonObject { ["x"] = 1 },
        2 => new JsonArray(1, 2),
        3 => "2024-02-30",
        4 => 1e300,
        5 => "c",
        6 => true,
        _ => new string('w', 5000),
    };
}

/// <summary><see cref="TaskCompletionFuzzTests"/> on the in-memory store: the unit tier.</summary>
[Trait("Category", "Unit")]
public sealed class TaskCompletionFuzzInMemoryTests : TaskCompletionFuzzTests
{
    protected override bool InMemory => true;
}
