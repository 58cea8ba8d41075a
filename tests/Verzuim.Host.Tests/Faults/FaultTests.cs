using System.Diagnostics;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;
using Xunit.Abstractions;
using Bpmn = Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Faults;

/// <summary>
/// A stream of 200 messages for 40 cases, published over RabbitMQ while the broker restarts, the database
/// restarts, or the host is SIGKILLed. Afterwards every message has been applied exactly once: each case
/// counted to five, completed, and its DuoMeldingVereist went out.
/// </summary>
public sealed class FaultTests(PrivateServices services, ITestOutputHelper output) : IClassFixture<PrivateServices>
{
    private const int Pupils = 40, PerPupil = 5;
    private const string Payload = "({ leerlingId, schoolId, reden: 'vijf keer geteld' })";
    private static readonly string Model = Bpmn.Process("storing", $"""
        <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="lus"/>
        <bpmn:receiveTask id="gesprek" messageRef="Msg_GesprekGehouden">
          <bpmn:extensionElements><verzuim:output target="teller" expression="teller + 1"/></bpmn:extensionElements>
        </bpmn:receiveTask>
        <bpmn:exclusiveGateway id="genoeg" default="nogEens"/>
        <bpmn:serviceTask id="duo" verzuim:message="DuoMeldingVereist" verzuim:payload="{Payload}"/>
        <bpmn:endEvent id="e"/>
        {Bpmn.Flows("s", "lus", "gesprek", "genoeg")}{Bpmn.Flow("genoeg", "duo", $"teller >= {PerPupil}")}{Bpmn.Flow("genoeg", "lus", id: "nogEens")}{Bpmn.Flow("duo", "e")}
        """, "GesprekGehouden:leerlingId");

    [Fact]
    public Task RabbitMQ_restarted_mid_stream() =>
        RunStreamAsync(inProcess: true, fault: () => services.RestartRabbitMqAsync(TimeSpan.FromSeconds(2)));

    [Fact]
    public Task PostgreSQL_restarted_mid_stream() =>
        RunStreamAsync(inProcess: true, fault: () => services.RestartPostgresAsync(TimeSpan.FromSeconds(1)));

    [Fact]
    public Task Host_killed_mid_stream() => RunStreamAsync(inProcess: false, fault: null);

    private async Task RunStreamAsync(bool inProcess, Func<Task>? fault)
    {
        Npgsql.NpgsqlConnection.ClearAllPools(); // an earlier test may have restarted the server under pooled connections
        var connection = await CreateDatabaseAsync();
        var queue = $"storing-{Guid.NewGuid():N}"[..20];
        var store = new WorkflowStore(connection);
        await store.MigrateAsync();
        var engine = new WorkflowEngine(store, SystemClock.Instance);
        await engine.DeployAsync(Model);
        for (var p = 0; p < Pupils; p++)
            await engine.StartAsync("storing", new JsonObject { ["leerlingId"] = $"L{p:D3}", ["schoolId"] = "S-1", ["teller"] = 0 }, $"L{p:D3}");

        await using var inProcessHost = inProcess ? await VerzuimHost.StartAsync(connection, queue, new Dictionary<string, string?> { ["Messaging:RabbitMq"] = services.RabbitMq }) : null;
        var hostProcess = inProcess ? null : await StartHostProcessAsync(connection, queue, services.RabbitMq);

        var client = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(services.RabbitMq)));
        await client.StartAsync();
        try
        {
            var messages = Enumerable.Range(0, PerPupil).SelectMany(round => Enumerable.Range(0, Pupils).Select(p =>
                new GesprekGehouden(Guid.NewGuid(), $"L{p:D3}", "S-1", DateTimeOffset.UtcNow, "mentor", new DateOnly(2024, 10, 1)))).ToList();
            for (var i = 0; i < messages.Count; i++)
            {
                if (i == messages.Count / 3)
                {
                    if (fault is not null) await fault();
                    else
                    {
                        hostProcess!.Kill(entireProcessTree: true); // SIGKILL, messages in flight unacknowledged
                        await hostProcess.WaitForExitAsync();
                        hostProcess.Dispose();
                        hostProcess = null;
                        hostProcess = await StartHostProcessAsync(connection, queue, services.RabbitMq);
                    }
                }
                await PublishWithRetryAsync(client, messages[i]);
            }

            await WaitUntilAsync(store, TimeSpan.FromSeconds(180));
            await using var db = store.CreateContext();
            var instances = await db.Instances.AsNoTracking().ToListAsync();
            Assert.All(instances, i => Assert.Equal(InstanceStatus.Completed, i.Status));
            Assert.All(instances, i => Assert.Equal(PerPupil, (int)JsonNode.Parse(i.Variables)!["teller"]!));
            var correlated = await db.Timeline.Where(t => t.Kind == TimelineKind.MessageCorrelated).GroupBy(t => t.InstanceId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Enumerable.Repeat(PerPupil, Pupils), correlated);
            Assert.Equal(Pupils * PerPupil, await db.ProcessedMessages.CountAsync());
            Assert.Equal(Pupils, await db.Outbox.CountAsync(o => o.MessageName == "DuoMeldingVereist" && o.DispatchedAt != null));
            // the case lifecycle (CaseGeopend, CaseGesloten) went out too, nothing is left behind
            Assert.Equal(Pupils, await db.Outbox.CountAsync(o => o.MessageName == "CaseGesloten" && o.DispatchedAt != null));
            Assert.Equal(0, await db.Outbox.CountAsync(o => o.DispatchedAt == null));
        }
        finally
        {
            await client.StopAsync();
            if (hostProcess is { HasExited: false }) { hostProcess.Kill(entireProcessTree: true); await hostProcess.WaitForExitAsync(); }
        }
    }

    private async Task<string> CreateDatabaseAsync()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(services.Postgres);
        var name = $"storing_{Guid.NewGuid():N}"[..24];
        await using (var c = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            await cmd.ExecuteNonQueryAsync();
        }
        builder.Database = name;
        return builder.ConnectionString;
    }

    /// <summary>A publisher keeps trying while the broker is away, as a sending system would.</summary>
    private static async Task PublishWithRetryAsync(IBus client, GesprekGehouden message)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.Publish(message, timeout.Token);
                return;
            }
            catch (Exception) when (attempt < 60) { await Task.Delay(500); }
        }
    }

    private async Task WaitUntilAsync(WorkflowStore store, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var db = store.CreateContext();
                var processed = await db.ProcessedMessages.CountAsync();
                var sent = await db.Outbox.CountAsync(o => o.MessageName == "DuoMeldingVereist" && o.DispatchedAt != null);
                var pending = await db.Outbox.CountAsync(o => o.DispatchedAt == null);
                if (processed >= Pupils * PerPupil && sent >= Pupils && pending == 0) { output.WriteLine($"all applied after {watch.Elapsed}"); return; }
                Assert.True(watch.Elapsed < limit, $"after {limit}: {processed} of {Pupils * PerPupil} messages applied, {sent} of {Pupils} published");
            }
            catch (Npgsql.NpgsqlException) when (watch.Elapsed < limit) { } // the database may still be coming back
            await Task.Delay(250);
        }
    }

    /// <summary>Starts the host as its own process and waits until it is ready (queue declared and bound, store migrated).</summary>
    private static async Task<Process> StartHostProcessAsync(string connection, string queue, string rabbitMq)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Verzuim.Host.dll"));
        info.ArgumentList.Add("--dev"); // a Production process: the demo identity provider only on request
        info.Environment["ConnectionStrings__Workflows"] = connection;
        info.Environment["Messaging__RabbitMq"] = rabbitMq;
        info.Environment["Messaging__InboundQueue"] = queue;
        info.Environment["Messaging__OutboxPollInterval"] = "00:00:00.100";
        info.Environment["Engine__WorkflowsPath"] = "geen-modellen";
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(180); // generous: CI machines are busy
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return process;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        var exited = process.HasExited ? $"exited with {process.ExitCode}" : "did not become ready within 180 s";
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        throw new Xunit.Sdk.XunitException($"the host {exited}");
    }
}
