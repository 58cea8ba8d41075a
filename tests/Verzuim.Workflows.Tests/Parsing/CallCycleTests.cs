using Verzuim.Workflows.Parsing;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Workflows.Tests.Parsing;

/// <summary>A call activity that leads back to its own process is refused at validation, naming the call and the rule.</summary>
[Trait("Category", "Unit")]
public sealed class CallCycleTests
{
    public static string Caller(string processId, string callId, string called) =>
        $"""
        <bpmn:process id="{processId}" isExecutable="true">
          <bpmn:startEvent id="{processId}_s"/><bpmn:callActivity id="{callId}" calledElement="{called}"/><bpmn:endEvent id="{processId}_e"/>
          {Flows($"{processId}_s", callId, $"{processId}_e")}
        </bpmn:process>
        """;

    [Fact]
    public void A_process_that_calls_itself_is_refused_at_the_call()
    {
        var (document, problems) = BpmnReader.Validate(Definitions(Caller("zelf", "roep_zelf", "zelf")));

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal(("roep_zelf", "aanroep-kring"), (problem.ElementId, problem.Rule));
        Assert.Contains("'zelf'", problem.Message);
    }

    [Fact]
    public void Two_processes_in_one_file_that_call_each_other_are_refused_at_both_calls()
    {
        var (_, problems) = BpmnReader.Validate(Definitions(Caller("a", "a_roept_b", "b") + Caller("b", "b_roept_a", "a")));

        Assert.Equal(["a_roept_b", "b_roept_a"], problems.Where(p => p.Rule == "aanroep-kring").Select(p => p.ElementId).Order());
        Assert.Contains("a → b → a", problems.Single(p => p.ElementId == "a_roept_b").Message);
    }

    [Fact]
    public void Calls_without_a_way_back_are_accepted()
    {
        // b is called twice (by a and by d), but nothing leads back to a caller
        var xml = Definitions(Caller("a", "a_roept_b", "b") + Caller("b", "b_roept_c", "c") + Caller("c", "c_roept_x", "niet-gepubliceerd")
                              + Caller("d", "d_roept_b", "b"));
        var (document, problems) = BpmnReader.Validate(xml);
        Assert.Empty(problems);
        Assert.NotNull(document);
    }
}
