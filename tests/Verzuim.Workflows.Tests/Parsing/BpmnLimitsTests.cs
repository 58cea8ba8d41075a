using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;
using System.Text;
using Verzuim.Workflows.Parsing;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Parsing;

/// <summary>A file can cost only so much to read: size, element count and nesting are refused by name before anything is built.</summary>
[Trait("Category", "Unit")]
public sealed class BpmnLimitsTests
{
    /// <summary>
    /// <paramref name="depth"/> sub-processes inside each other, each valid on its own (start → inner sub-process → end),
    /// built without recursion so the test itself survives 6,000 levels.
    /// </summary>
    public static string NestedSubProcesses(int depth)
    {
        var body = new StringBuilder("""<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>""");
        body.Append(Flow("start", "sub1")).Append(Flow("sub1", "end"));
        for (var k = 1; k <= depth; k++) body.Append($"""<bpmn:subProcess id="sub{k}"><bpmn:startEvent id="s{k}"/>""");
        for (var k = depth; k >= 1; k--)
        {
            body.Append($"""<bpmn:endEvent id="e{k}"/>""");
            body.Append(k < depth ? Flow($"s{k}", $"sub{k + 1}") + Flow($"sub{k + 1}", $"e{k}") : Flow($"s{k}", $"e{k}"));
            body.Append("</bpmn:subProcess>");
        }
        return Process("genest", body.ToString());
    }

    /// <summary>A flat chain start → t1 → … → tN → end: 2N + 5 elements (definitions, process, start, end, N tasks, N + 1 flows).</summary>
    private static string FlatChain(int tasks)
    {
        var body = new StringBuilder("""<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>""");
        for (var i = 1; i <= tasks; i++) body.Append($"""<bpmn:task id="t{i}"/>""");
        for (var i = 0; i <= tasks; i++) body.Append(Flow(i == 0 ? "start" : $"t{i}", i == tasks ? "end" : $"t{i + 1}", id: $"f{i}"));
        return Process("plat", body.ToString());
    }

    private static BpmnProblem OnlyProblem(string xml)
    {
        var (document, problems) = BpmnReader.Validate(xml);
        Assert.Null(document);
        return Assert.Single(problems);
    }

    [Fact]
    public void Six_thousand_nested_sub_processes_are_refused_in_a_child_process_that_survives()
    {
        // used to overflow the stack (uncatchable: the whole host went down), so this runs in its own process
        var xml = NestedSubProcesses(6_000);
        Assert.InRange(xml.Length, 1_000_000, BpmnLimits.MaxCharacters); // the probe's 1.45 MB, under the size limit: depth must stop it
        var path = Path.Combine(Path.GetTempPath(), $"verzuim-nested-{Guid.NewGuid():N}.bpmn");
        File.WriteAllText(path, xml);
        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Verzuim.Workflows.Worker.dll"), "validate", path }) info.ArgumentList.Add(a);
            using var child = System.Diagnostics.Process.Start(info)!;
            var stderr = child.StandardError.ReadToEndAsync();
            var stdout = child.StandardOutput.ReadToEnd();
            Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)), "validation did not finish");
            Assert.True(child.ExitCode == 0, $"the validating process died (exit {child.ExitCode}): {stderr.Result}");
            // definitions is depth 1, the process 2, sub-process k depth k + 2: sub62 is at 64, its start event s62 the first element past it
            Assert.Equal(["nesting-diepte s62", "invalid"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Sub_processes_nest_sixteen_deep_and_no_deeper()
    {
        var sixteen = BpmnReader.Validate(NestedSubProcesses(BpmnLimits.MaxSubProcessNesting));
        Assert.Empty(sixteen.Problems);
        Assert.Equal(BpmnLimits.MaxSubProcessNesting, sixteen.Document!.Processes[0].NodesById.Values.Count(n => n is Verzuim.Workflows.Model.SubProcess));

        var problem = OnlyProblem(NestedSubProcesses(BpmnLimits.MaxSubProcessNesting + 1));
        Assert.Equal("subproces-diepte", problem.Rule);
        Assert.Equal("sub17", problem.ElementId); // the one that lies a level too deep
        Assert.Contains("16", problem.Message);
    }

    [Fact]
    public void Deep_xml_outside_sub_processes_is_refused_by_depth_with_the_element_named()
    {
        // extension elements nested 70 deep inside a task: not sub-processes, still a deep tree to build
        var deep = string.Concat(Enumerable.Range(1, 70).Select(i => $"<verzuim:x id=\"x{i}\">")) + string.Concat(Enumerable.Repeat("</verzuim:x>", 70));
        var problem = OnlyProblem(Process("diep", $"""<bpmn:startEvent id="start"><bpmn:extensionElements>{deep}</bpmn:extensionElements></bpmn:startEvent>"""));
        Assert.Equal("nesting-diepte", problem.Rule);
        // definitions 1, process 2, start 3, extensionElements 4, x1 at 5: x60 is at depth 64, x61 the first past it
        Assert.Equal("x61", problem.ElementId);
    }

    [Fact]
    public void More_elements_than_the_limit_are_refused_before_reading_them()
    {
        var (_, problems) = BpmnReader.Validate(FlatChain(12_500)); // 25,005 elements
        var problem = Assert.Single(problems);
        Assert.Equal("te-veel-elementen", problem.Rule);
        Assert.Contains("25000", problem.Message);
    }

    [Fact]
    public void A_large_flat_model_within_the_limits_is_read_in_full()
    {
        var xml = FlatChain(12_000); // 24,005 elements, 1.1 MB
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (document, problems) = BpmnReader.Validate(xml);
        // about 1 s here; a list scan per flow took 52 s for 4.2 MB. Generous for a loaded 2-core machine
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"validating took {clock.Elapsed}");
        Assert.Empty(problems);
        var process = Assert.Single(document!.Processes);
        Assert.Equal(12_002, process.NodesById.Count);
        Assert.Same(process.Node("t12000"), process.Node("t11999").Outgoing.Single().Target);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_without_parsing()
    {
        var padding = new string('a', BpmnLimits.MaxCharacters);
        var problem = OnlyProblem(Process("groot", $"""<bpmn:documentation>{padding}</bpmn:documentation><bpmn:startEvent id="s"/>"""));
        Assert.Equal("bestand-te-groot", problem.Rule);
        Assert.Equal("(bestand)", problem.ElementId);
    }
}
