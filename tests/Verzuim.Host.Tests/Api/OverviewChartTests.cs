using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// The overview's charts count what happened, on the shipped calendar of the Apeldoorn demo school (midden: no holiday
/// in November 2026; kerstvakantie 19 Dec 2026 - 3 Jan 2027), with cases opened on different days, one escalated by its
/// kantelpunt and one closed by completing its tasks days later.
/// </summary>
public sealed class OverviewChartTests
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:verzuim="urn:verzuim:bpmn:1" id="Defs" targetNamespace="http://verzuim/test">
          <bpmn:process id="grafiek-test" name="Grafiektest" isExecutable="true">
            <bpmn:startEvent id="start" verzuim:stap="Stap 1"/>
            <bpmn:userTask id="stap1" name="Interventies" verzuim:stap="Stap 1"/>
            <bpmn:boundaryEvent id="stap1_kantelpunt" attachedToRef="stap1">
              <bpmn:timerEventDefinition><bpmn:timeDuration>3 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="stap1_signaal" attachedToRef="stap1" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeDuration>4 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="stap1_einde_jaar" attachedToRef="stap1">
              <bpmn:timerEventDefinition><bpmn:timeDate>2026-12-10T09:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:userTask id="stap2" name="Kernteam" verzuim:stap="Stap 2"/>
            <bpmn:boundaryEvent id="stap2_kantelpunt" attachedToRef="stap2">
              <bpmn:timerEventDefinition><bpmn:timeDuration>6 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="klaar"/>
            <bpmn:endEvent id="signaal"/>
            <bpmn:endEvent id="einde_jaar"/>
            <bpmn:endEvent id="stap3"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stap1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="stap1" targetRef="stap2"/>
            <bpmn:sequenceFlow id="f3" sourceRef="stap1_kantelpunt" targetRef="stap2"/>
            <bpmn:sequenceFlow id="f4" sourceRef="stap1_signaal" targetRef="signaal"/>
            <bpmn:sequenceFlow id="f5" sourceRef="stap1_einde_jaar" targetRef="einde_jaar"/>
            <bpmn:sequenceFlow id="f6" sourceRef="stap2" targetRef="klaar"/>
            <bpmn:sequenceFlow id="f7" sourceRef="stap2_kantelpunt" targetRef="stap3"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>
    /// All at 10:00 CET (09:00Z), at S-APD-01:
    /// A opens Mon 2 Nov; its 3-school-week kantelpunt (15 school days) falls on Mon 23 Nov, where it enters Stap 2, whose
    /// 6-school-week kantelpunt (30 school days: 24 Nov - 18 Dec are 19, 4 - 15 Jan 10 more, the 30th Mon 18 Jan 2027).
    /// C opens Mon 9 Nov (kantelpunt would be Mon 30 Nov); its Stap 1 task is completed Fri 27 Nov, its Stap 2 task on
    /// Tue 1 Dec, which closes it. B opens Wed 18 Nov; its kantelpunt is Wed 9 Dec. Today is Thu 3 Dec (week 49).
    /// Open at each week's end (Sunday midnight; this week: now): wk 45 A; wk 46 A, C; wk 47 A, B, C all in Stap 1;
    /// wk 48 A and C in Stap 2, B in Stap 1; wk 49 A in Stap 2, B in Stap 1.
    /// Kantelpunten ahead (weeks from 30 Nov): B's Stap 1 in wk 50 (index 1), A's Stap 2 in wk 3 of 2027 (18 Jan,
    /// index 7); B's 4-week alert and its fixed-date boundary are not kantelpunten.
    /// </summary>
    [Fact]
    public async Task Charts_count_open_cases_per_step_at_each_weeks_end_and_the_kantelpunten_ahead()
    {
        var clock = new VirtualClock(DateTimeOffset.Parse("2026-11-02T09:00:00Z"));
        await using var host = await VerzuimHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(clock)));
        var engine = host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);
        Task<Guid> Open(string pupil) =>
            engine.StartAsync("grafiek-test", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = "S-APD-01" }, pupil);

        await Open("L-GRAF-A");
        clock.Set(DateTimeOffset.Parse("2026-11-09T09:00:00Z"));
        var c = await Open("L-GRAF-C");
        clock.Set(DateTimeOffset.Parse("2026-11-18T09:00:00Z"));
        await Open("L-GRAF-B");
        clock.Set(DateTimeOffset.Parse("2026-11-23T09:00:00Z"));
        await engine.FireDueTimersAsync(); // A's kantelpunt (the host's poller may fire it first; it fires once either way)
        clock.Set(DateTimeOffset.Parse("2026-11-27T09:00:00Z"));
        await CompleteOpenTaskAsync(host, engine, c, "stap1");
        clock.Set(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));
        await CompleteOpenTaskAsync(host, engine, c, "stap2");
        clock.Set(DateTimeOffset.Parse("2026-12-03T09:00:00Z"));
        await engine.FireDueTimersAsync();

        var chair = await ApiSession.AsUserAsync(host, "voorzitter");
        var perStep = (await chair.GetFromJsonAsync<JsonObject>("/api/overview/grafieken?model=grafiek-test"))!;

        var open = perStep["openPerWeek"]!;
        var weeks = open["weken"]!.AsArray().Select(w => (int)w!["week"]!).ToList();
        Assert.Equal([38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49], weeks);
        Assert.Equal("2026-11-30", (string)open["weken"]![11]!["maandag"]!);
        Assert.Equal(new Dictionary<string, int[]>
        {
            ["Stap 1"] = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 1, 1],
            ["Stap 2"] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1],
        }, Series(open));

        var kantelpunten = perStep["kantelpunten"]!;
        Assert.Equal([49, 50, 51, 52, 53, 1, 2, 3], kantelpunten["weken"]!.AsArray().Select(w => (int)w!["week"]!).ToList());
        Assert.Equal(new Dictionary<string, int[]>
        {
            ["Stap 1"] = [0, 1, 0, 0, 0, 0, 0, 0],
            ["Stap 2"] = [0, 0, 0, 0, 0, 0, 0, 1],
        }, Series(kantelpunten));

        // without a model: one series per model, the same totals
        var perModel = (await chair.GetFromJsonAsync<JsonObject>("/api/overview/grafieken"))!;
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 2], Series(perModel["openPerWeek"]!)["Grafiektest"]);
        Assert.Equal([0, 1, 0, 0, 0, 0, 0, 1], Series(perModel["kantelpunten"]!)["Grafiektest"]);

        // filtered to another school: none of these cases
        var otherSchool = (await chair.GetFromJsonAsync<JsonObject>("/api/overview/grafieken?school=S-GRO-01"))!;
        Assert.Empty(otherSchool["openPerWeek"]!["reeksen"]!.AsArray());
    }

    private static Dictionary<string, int[]> Series(JsonNode chart) =>
        chart["reeksen"]!.AsArray().ToDictionary(s => (string)s!["naam"]!, s => s!["waarden"]!.AsArray().Select(v => (int)v!).ToArray());

    private static async Task CompleteOpenTaskAsync(VerzuimHost host, WorkflowEngine engine, Guid instance, string element)
    {
        await using var db = host.Services.GetRequiredService<WorkflowStore>().CreateContext();
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.InstanceId == instance && t.ElementId == element && t.Status == WorkTaskStatus.Open);
        await engine.CompleteTaskAsync(task.Id, completedBy: "kernteam-a");
    }
}
