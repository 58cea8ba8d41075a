using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;
using Verzuim.Host.Engine;
using Verzuim.Persistence;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Tests.Support;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tests.ScaleOut;

/// <summary>
/// Two host processes (Verzuim.Host.dll, as in production) on one fresh PostgreSQL database and one RabbitMQ
/// inbound queue, each with its own engine, timer poller, outbox dispatcher and bus. Each host connects with
/// its own PostgreSQL application_name; triggers installed by the test (not by the service) record which
/// connection committed each MessageCorrelated/TimerFired timeline row and each outbox dispatch, so the tests
/// can say which host did what without a hook in the service. Outbound messages are caught on a queue of the
/// test's own, bound to the contracts' exchanges.
/// </summary>
public sealed class TwoHosts : IAsyncLifetime
{
    public const string A = "scaleout-a", B = "scaleout-b";
    private static readonly string[] Outbound = ["DuoMeldingVereist", "CaseGeopend", "StapGewijzigd", "TaakAangemaakt", "CaseGesloten"];

    private readonly string _outboundQueue = $"scaleout-uit-{Guid.NewGuid():N}"[..28];
    private readonly List<HostProcess> _hosts = [];
    private readonly List<Received> _received = [];
    private IConnection? _rabbit;
    private IChannel? _channel;

    /// <summary>The one inbound queue both hosts consume.</summary>
    public string Queue { get; } = $"scaleout-{Guid.NewGuid():N}"[..24];
    public WorkflowStore Store { get; private set; } = null!;
    /// <summary>An engine in the test process that only opens cases (it polls no timers and consumes nothing).</summary>
    public WorkflowEngine Engine { get; private set; } = null!;
    /// <summary>A sending system's bus: messages go to the hosts' queue only (its exchange), not to every bound queue.</summary>
    public IBusControl Client { get; private set; } = null!;
    public IReadOnlyList<HostProcess> Hosts => _hosts;
    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        var connection = await TestDatabase.CreateEmptyAsync("scaleout");
        Store = new WorkflowStore(Named(connection, "scaleout-test"));
        await Store.MigrateAsync();
        await InstallAttributionAsync();
        Engine = new WorkflowEngine(Store, SystemClock.Instance, Verzuim.Cases.Lifecycle.CaseEngineOptions.ForCases(new WorkflowEngineOptions())); // as the host's engine

        // bound before any host runs, so no outbound message can go by unseen
        _rabbit = await new ConnectionFactory { Uri = new Uri(VerzuimHost.RabbitMq) }.CreateConnectionAsync();
        _channel = await _rabbit.CreateChannelAsync();
        await _channel.QueueDeclareAsync(_outboundQueue, durable: false, exclusive: true, autoDelete: true);
        foreach (var name in Outbound)
        {
            // MassTransit's exchange per message type: fanout, durable
            await _channel.ExchangeDeclareAsync($"Verzuim.Contracts:{name}", ExchangeType.Fanout, durable: true, autoDelete: false);
            await _channel.QueueBindAsync(_outboundQueue, $"Verzuim.Contracts:{name}", "");
        }

        var watch = Stopwatch.StartNew();
        var started = await Task.WhenAll(HostProcess.StartAsync(A, Named(connection, A), Queue), HostProcess.StartAsync(B, Named(connection, B), Queue));
        _hosts.AddRange(started);
        StartedIn = watch.Elapsed;

        Client = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(VerzuimHost.RabbitMq)));
        await Client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Client is not null) await Client.StopAsync();
        foreach (var host in _hosts) await host.DisposeAsync();
        if (_channel is not null)
        {
            // the hosts' queue would otherwise keep collecting what later tests publish to the contracts' exchanges
            await _channel.QueueDeleteAsync(Queue);
            await _channel.ExchangeDeleteAsync(Queue);
            await _channel.DisposeAsync();
        }
        if (_rabbit is not null) await _rabbit.DisposeAsync();
    }

    private static string Named(string connection, string applicationName) =>
        new NpgsqlConnectionStringBuilder(connection) { ApplicationName = applicationName }.ConnectionString;

    private async Task InstallAttributionAsync()
    {
        await using var c = new NpgsqlConnection(Store.ConnectionString);
        await c.OpenAsync();
        // AFTER triggers run inside the committing transaction: a retried (rolled back) attempt leaves no row
        await using var cmd = new NpgsqlCommand("""
            CREATE TABLE scaleout_work (
                id bigserial PRIMARY KEY, host text NOT NULL, kind text NOT NULL, instance_id uuid NOT NULL,
                outbox_id uuid, at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE FUNCTION scaleout_timeline() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW."Kind" IN ('MessageCorrelated', 'TimerFired') THEN
                    INSERT INTO scaleout_work (host, kind, instance_id) VALUES (current_setting('application_name'), NEW."Kind", NEW."InstanceId");
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER scaleout_timeline AFTER INSERT ON timeline FOR EACH ROW EXECUTE FUNCTION scaleout_timeline();
            CREATE FUNCTION scaleout_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD."DispatchedAt" IS NULL AND NEW."DispatchedAt" IS NOT NULL THEN
                    INSERT INTO scaleout_work (host, kind, instance_id, outbox_id) VALUES (current_setting('application_name'), 'Dispatched', NEW."InstanceId", NEW."Id");
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER scaleout_outbox AFTER UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION scaleout_outbox();
            """, c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Who committed what for these cases: one row per MessageCorrelated, TimerFired and outbox dispatch.</summary>
    public async Task<List<Work>> WorkAsync(IReadOnlyCollection<Guid> instances)
    {
        await using var c = new NpgsqlConnection(Store.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT host, kind, instance_id, outbox_id, at FROM scaleout_work WHERE instance_id = ANY(@ids) ORDER BY id", c);
        cmd.Parameters.AddWithValue("ids", instances.ToArray());
        var rows = new List<Work>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new Work(reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }

    /// <summary>Everything the outbound queue got so far, in arrival order (other tests' messages included: filter by id).</summary>
    public async Task<IReadOnlyList<Received>> ReceivedAsync()
    {
        while (await _channel!.BasicGetAsync(_outboundQueue, autoAck: true) is { } got)
        {
            using var envelope = JsonDocument.Parse(got.Body);
            var root = envelope.RootElement;
            var type = root.GetProperty("messageType")[0].GetString()!;
            var message = root.GetProperty("message");
            _received.Add(new Received(
                Guid.Parse(root.GetProperty("messageId").GetString()!),
                type[(type.LastIndexOf(':') + 1)..],
                message.GetProperty("berichtId").GetGuid(),
                message.GetProperty("leerlingId").GetString()!));
        }
        return _received;
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails with <paramref name="progress"/> after <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan limit, Func<Task<string>> progress)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > limit) throw new Xunit.Sdk.XunitException($"not done after {limit}: {await progress()}");
            await Task.Delay(250);
        }
    }
}

public sealed record Work(string Host, string Kind, Guid InstanceId, Guid? OutboxId, DateTimeOffset At);

/// <summary>A message caught on the outbound queue: the transport's message id, the contract, its berichtId and pupil.</summary>
public sealed record Received(Guid MessageId, string Type, Guid BerichtId, string LeerlingId);

/// <summary>One host as its own process (the build output's Verzuim.Host.dll), with its JSON log lines kept.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private HostProcess(string name, Process process, Uri address) => (Name, _process, Address) = (name, process, address);

    public string Name { get; }
    /// <summary>Where the host listens (http://127.0.0.1:port/).</summary>
    public Uri Address { get; }

    /// <summary>The outcome this host logged for each inbound message it handled (<c>PupilEventHandler</c>'s line), in order.</summary>
    public List<(Guid MessageId, string Outcome)> HandledMessages()
    {
        var handled = new List<(Guid, string)>();
        foreach (var line in _lines)
        {
            if (!line.StartsWith('{')) continue;
            JsonDocument json;
            try { json = JsonDocument.Parse(line); }
            catch (JsonException) { continue; } // not a log event (e.g. a runtime message on stderr)
            using var _ = json;
            var root = json.RootElement;
            if (root.TryGetProperty("SourceContext", out var source) && source.GetString() == "Verzuim.Host.Messaging.PupilEventHandler"
                && root.TryGetProperty("MessageId", out var id) && root.TryGetProperty("Outcome", out var outcome))
                handled.Add((Guid.Parse(id.GetString()!), outcome.GetString()!));
        }
        return handled;
    }

    public string Tail(int lines = 30) => string.Join('\n', _lines.TakeLast(lines));

    /// <summary>Every line the host wrote so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines => _lines.ToList();

    /// <param name="environment">Settings that replace the test defaults (e.g. an empty Messaging__RabbitMq for the in-memory transport).</param>
    public static async Task<HostProcess> StartAsync(string name, string connection, string queue, IDictionary<string, string>? environment = null)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Verzuim.Host.dll"));
        info.ArgumentList.Add("--dev"); // a Production process: the demo identity provider only on request
        info.Environment["ConnectionStrings__Workflows"] = connection;
        info.Environment["Messaging__RabbitMq"] = VerzuimHost.RabbitMq;
        info.Environment["Messaging__InboundQueue"] = queue;
        info.Environment["Messaging__OutboxPollInterval"] = "00:00:00.100";
        info.Environment["Engine__TimerPollInterval"] = "00:00:00.200";
        info.Environment["Engine__WorkflowsPath"] = "geen-modellen";
        info.Environment["Logging__Json"] = "true";
        // the handler's line per message (Debug since the hosts batch inbound messages) is how these tests see each delivery
        info.Environment["Serilog__MinimumLevel__Override__Verzuim.Host.Messaging.PupilEventHandler"] = "Debug";
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var host = new HostProcess(name, Process.Start(info)!, new Uri($"http://127.0.0.1:{port}/"));
        host._process.OutputDataReceived += (_, e) => { if (e.Data is not null) host._lines.Enqueue(e.Data); };
        host._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._lines.Enqueue(e.Data); };
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120); // generous: two hosts start at once on a busy machine
        while (!host._process.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return host;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        var why = host._process.HasExited ? $"exited with {host._process.ExitCode}" : "did not become ready within 120 s";
        await host.DisposeAsync();
        throw new Xunit.Sdk.XunitException($"host {name} {why}:\n{host.Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
