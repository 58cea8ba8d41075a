using System.Xml.Linq;
using Verzuim.Workflows.Parsing;
using Verzuim.Workflows.Tests.Models;

namespace Verzuim.Workflows.Tests.Parsing;

/// <summary>
/// The real models, mutated at random with fixed seeds (so a failure reproduces): whatever the file, validation
/// answers a document or a list of problems, within bounded time, and never throws.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BpmnReaderFuzzTests
{
    private const int MutantsPerModel = 60;

    public static TheoryData<string> Models() =>
        [.. Directory.EnumerateFiles(Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows"), "*.bpmn").Select(Path.GetFileName).Order()!];

    [Theory]
    [MemberData(nameof(Models))]
    public void Mutated_models_give_a_document_or_problems_never_an_exception(string model)
    {
        var original = File.ReadAllText(Path.Combine(ModelScenarioTests.RepositoryRoot, "workflows", model));
        var random = new Random(model.Length * 7919 + 17); // fixed per model
        for (var i = 0; i < MutantsPerModel; i++)
        {
            var (mutant, what) = Mutate(original, random);
            var validation = Task.Run(() => BpmnReader.Validate(mutant));
            Assert.True(validation.Wait(TimeSpan.FromSeconds(60)), $"{model} mutant {i} ({what}) did not finish");
            var (document, problems) = validation.Result; // rethrows what Validate threw, failing the test with the mutation named
            Assert.True(document is null == problems.Count > 0, $"{model} mutant {i} ({what}): a document comes without problems, problems without a document");
            Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.ElementId) || string.IsNullOrWhiteSpace(p.Rule) || string.IsNullOrWhiteSpace(p.Message)));
        }
    }

    private static (string Xml, string What) Mutate(string xml, Random random)
    {
        if (random.Next(10) == 0) // text-level damage: truncation or stray bytes
        {
            var at = random.Next(xml.Length);
            return random.Next(2) == 0 ? (xml[..at], $"cut at {at}") : (xml.Insert(at, Junk(random)), $"junk at {at}");
        }
        var doc = XDocument.Parse(xml);
        var elements = doc.Root!.DescendantsAndSelf().ToList();
        var steps = new List<string>();
        for (var n = 1 + random.Next(3); n > 0; n--)
        {
            var e = elements[random.Next(elements.Count)];
            if (e.Parent is null && random.Next(4) != 0) continue;
            switch (random.Next(7))
            {
                case 0 when e.Parent is not null:
                    e.Remove();
                    steps.Add($"removed {e.Name.LocalName} {(string?)e.Attribute("id")}");
                    break;
                case 1 when e.Parent is not null:
                    e.AddAfterSelf(new XElement(e));
                    steps.Add($"duplicated {e.Name.LocalName} {(string?)e.Attribute("id")}");
                    break;
                case 2 when e.Attributes().Any():
                {
                    var a = e.Attributes().ElementAt(random.Next(e.Attributes().Count()));
                    a.Value = Value(random);
                    steps.Add($"{e.Name.LocalName}@{a.Name.LocalName}='{a.Value}'");
                    break;
                }
                case 3 when e.Attributes().Any():
                {
                    var a = e.Attributes().ElementAt(random.Next(e.Attributes().Count()));
                    a.Remove();
                    steps.Add($"removed {e.Name.LocalName}@{a.Name.LocalName}");
                    break;
                }
                case 4:
                {
                    var other = elements[random.Next(elements.Count)];
                    if (other.Parent is null || other == e || e.Ancestors().Contains(other)) break;
                    other.Remove();
                    e.Add(other);
                    steps.Add($"moved {other.Name.LocalName} into {e.Name.LocalName}");
                    break;
                }
                case 5 when !e.HasElements:
                    e.Value = Value(random);
                    steps.Add($"{e.Name.LocalName} text '{e.Value}'");
                    break;
                default:
                    e.Name = e.Name.Namespace + Names[random.Next(Names.Length)];
                    steps.Add($"renamed to {e.Name.LocalName}");
                    break;
            }
        }
        return (doc.ToString(), string.Join(", ", steps));
    }

    private static readonly string[] Names =
        ["subProcess", "callActivity", "userTask", "startEvent", "endEvent", "boundaryEvent", "exclusiveGateway", "parallelGateway",
         "eventBasedGateway", "timerEventDefinition", "messageEventDefinition", "sequenceFlow", "formField", "output", "process", "message"];

    /// <summary>Values that probe edges: empty, huge numbers and durations, expressions that throw or loop, unicode.</summary>
    private static readonly string[] Values =
        ["", " ", "0", "-1", "P1000000Y", "P99999999999D", "R-1/PT1S", "R99999999999/P1D", "PT0S", "9999-12-31T23:59:59Z", "0001-01-01",
         "=", "=(", "=while(true){}", "=x.y.z", "((", "true", "null", "undefined", "{}", "'\\0'", "é\u202e", "10 schooldagen",
         "99999999999 schooldagen", "start", "end", "Msg_x", "#", new string('x', 300)];

    private static string Value(Random random) => Values[random.Next(Values.Length)];

    private const string JunkCharacters = "<>&\"'/=a\u0001 ";

    private static string Junk(Random random) =>
        new(Enumerable.Range(0, 1 + random.Next(8)).Select(_ => JunkCharacters[random.Next(JunkCharacters.Length)]).ToArray());
}
