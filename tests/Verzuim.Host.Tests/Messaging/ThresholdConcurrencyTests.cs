using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Host.Messaging;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Messaging;

/// <summary>
/// Registrations of one pupil that arrive at the same moment are applied one after the other (ledger entry and
/// correlation in one transaction under the pupil's lock), so the case opens exactly once when the threshold is crossed.
/// </summary>
public sealed class ThresholdConcurrencyTests : IAsyncLifetime
{
    private const string School = "S-GELIJK";
    private const string ProcessId = "gelijktijdig";

    // Seed 003 (MAZL): "de vierde ziekmelding in 12 weken" opens the case.
    private static readonly string Model = Process(ProcessId, """
        <bpmn:startEvent id="s" verzuim:condition="signalen.ziekmeldingen12Schoolweken &gt;= 4">
          <bpmn:extensionElements><verzuim:output target="signalen" expression="signalen"/></bpmn:extensionElements>
          <bpmn:messageEventDefinition messageRef="Msg_AbsentieGeregistreerd"/>
        </bpmn:startEvent>
        <bpmn:userTask id="gesprek" verzuim:candidateRole="mentor"/>
        <bpmn:endEvent id="e"/>
        """ + Flows("s", "gesprek", "e"), "AbsentieGeregistreerd:leerlingId");

    // Six sick reports: six school days in September 2025 (no holiday in region midden), each with a school day
    // without sickness before it, so each starts a new episode = a new report, all within 12 school weeks.
    // The threshold (4) is crossed during the burst whichever order the six are applied in.
    private static readonly DateOnly[] SickDays =
    [
        new(2025, 9, 15), new(2025, 9, 17), new(2025, 9, 19), new(2025, 9, 23), new(2025, 9, 25), new(2025, 9, 29),
    ];

    private VerzuimHost _host = null!;

    public async Task InitializeAsync() => _host = await VerzuimHost.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Scholen:Lijst:5:Id"] = School,
        ["Scholen:Lijst:5:Model"] = ProcessId,
        ["Scholen:Lijst:5:Regio"] = "midden",
    });

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Fifty_pupils_with_six_sick_reports_each_at_once_open_exactly_fifty_cases_in_each_of_twenty_rounds()
    {
        await _host.Services.GetRequiredService<WorkflowEngine>().DeployAsync(Model);
        // the handler both transports hand messages to (the RabbitMQ consumer, POST /api/messages), without HTTP's cost
        var handler = _host.Services.GetRequiredService<PupilEventHandler>();
        var store = _host.Services.GetRequiredService<WorkflowStore>();

        for (var round = 1; round <= 20; round++)
        {
            var pupils = Enumerable.Range(1, 50).Select(p => $"L-R{round:00}-{p:00}").ToList();
            // every report of every pupil in flight at once, sent in rotated orders, half of them latest day first
            var posts = pupils.SelectMany((pupil, p) => SickDays.Select((_, d) => (pupil, day: SickDays[p % 2 == 0 ? (d + p) % 6 : ((p - d) % 6 + 6) % 6])))
                .Select(r => Task.Run(async () =>
                {
                    try
                    {
                        await handler.HandleAsync(new AbsentieGeregistreerd(Guid.NewGuid(), r.pupil, School, DateTimeOffset.UtcNow, r.day, Verzuimsoort.Ziek), default);
                        return null;
                    }
                    catch (Exception e) { return $"{r.pupil} {r.day}: {e.Message}"; }
                })).ToList();
            var failures = (await Task.WhenAll(posts)).Where(f => f is not null).ToList();
            Assert.True(failures.Count == 0, $"round {round}: " + string.Join("; ", failures));

            await using var db = store.CreateContext();
            var cases = await db.Instances.AsNoTracking().Where(i => i.ProcessId == ProcessId && pupils.Contains(i.BusinessKey!))
                .GroupBy(i => i.BusinessKey!).Select(g => new { Pupil = g.Key, Count = g.Count() }).ToListAsync();
            var entries = await db.AttendanceEntries.CountAsync(e => pupils.Contains(e.LeerlingId));
            Assert.Equal(50 * 6, entries);
            var wrong = pupils.Where(p => cases.SingleOrDefault(c => c.Pupil == p)?.Count != 1).ToList();
            Assert.True(wrong.Count == 0, $"round {round}: pupils without exactly one case: {string.Join(", ", wrong)}");
        }
    }
}
