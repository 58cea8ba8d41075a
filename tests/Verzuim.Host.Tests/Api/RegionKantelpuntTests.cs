using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// Kantelpunten started before Christmas 2026 land on the right day in 2027 in each region, through the running host:
/// the engine schedules them in the calendar the host loaded from its store (seeded from the shipped data), for the
/// demo schools of noord (S-GRO-01), midden (S-APD-01) and zuid (S-VO-01).
/// </summary>
public sealed class RegionKantelpuntTests
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:verzuim="urn:verzuim:bpmn:1" id="Defs" targetNamespace="http://verzuim/test">
          <bpmn:process id="regio-kantelpunt" name="Kantelpunt per regio" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="stap1" name="Interventies"/>
            <bpmn:boundaryEvent id="achtWeken" attachedToRef="stap1" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeDuration>8 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="negenWeken" attachedToRef="stap1">
              <bpmn:timerEventDefinition><bpmn:timeDuration>9 schoolweken</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="klaar"/>
            <bpmn:endEvent id="acht"/>
            <bpmn:endEvent id="negen"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="stap1"/>
            <bpmn:sequenceFlow id="f2" sourceRef="stap1" targetRef="klaar"/>
            <bpmn:sequenceFlow id="f3" sourceRef="achtWeken" targetRef="acht"/>
            <bpmn:sequenceFlow id="f4" sourceRef="negenWeken" targetRef="negen"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>
    /// From Wed 2 Dec 2026 10:00 (09:00Z), worked out by hand from the shipped dates (see ShippedSchoolHolidaysTests):
    /// kerstvakantie 19 Dec - 3 Jan everywhere; voorjaarsvakantie 2027 zuid 6-14 Feb, noord 13-21 Feb, midden 20-28 Feb.
    /// 8 schoolweken (40 days): noord and midden Wed 10 Feb, zuid Wed 17 Feb. 9 schoolweken (45 days): midden Wed 17 Feb,
    /// noord and zuid Wed 24 Feb. February is CET, so 10:00 is 09:00Z.
    /// </summary>
    [Fact]
    public async Task Each_region_schedules_its_kantelpunt_on_the_day_its_own_holidays_give()
    {
        var clock = new VirtualClock(DateTimeOffset.Parse("2026-12-02T09:00:00Z"));
        await using var host = await VerzuimHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IClock>(clock)));
        var engine = host.Services.GetRequiredService<WorkflowEngine>();
        await engine.DeployAsync(Model);

        var expected = new Dictionary<string, (string Acht, string Negen)>
        {
            ["S-GRO-01"] = ("2027-02-10", "2027-02-24"), // noord
            ["S-APD-01"] = ("2027-02-10", "2027-02-17"), // midden
            ["S-VO-01"] = ("2027-02-17", "2027-02-24"), // zuid
        };
        foreach (var (school, (acht, negen)) in expected)
        {
            var pupil = $"L-REG-{school}";
            var id = await engine.StartAsync("regio-kantelpunt", new JsonObject { ["leerlingId"] = pupil, ["schoolId"] = school }, pupil);
            await using var db = host.Services.GetRequiredService<WorkflowStore>().CreateContext();
            var timers = await db.Subscriptions.AsNoTracking().Where(s => s.InstanceId == id && s.Kind == SubscriptionKind.Timer)
                .ToDictionaryAsync(s => s.ElementId, s => s.DueAt);
            Assert.Equal((DateTimeOffset.Parse($"{acht}T09:00:00Z"), DateTimeOffset.Parse($"{negen}T09:00:00Z")),
                (timers["achtWeken"]!.Value, timers["negenWeken"]!.Value));
        }
    }
}
