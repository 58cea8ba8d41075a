using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Verzuim.Contracts;
using Verzuim.Persistence;
using Verzuim.Workflows.Stores;
using Xunit.Abstractions;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.ScaleOut;

/// <summary>
/// Issue 3: two hosts on one database and broker. Every message is applied once and every timer fires once,
/// both hosts do part of the work, and every outbound message reaches a subscriber once.
/// </summary>
public sealed class TwoHostsTests(TwoHosts hosts, ITestOutputHelper output) : IClassFixture<TwoHosts>
{
    private const int Cases = 300;
    private const string School = "S-SCHAAL";

    [Fact]
    public async Task Messages_on_one_queue_are_applied_once_each_across_two_hosts_and_each_outbound_message_goes_out_once()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        const string payload = "({ leerlingId, schoolId, reden: 'gesprek gehouden' })";
        await hosts.Engine.DeployAsync(Process("schaal-gesprek", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:receiveTask id="gesprek" messageRef="Msg_GesprekGehouden"/>
            <bpmn:serviceTask id="duo" verzuim:message="DuoMeldingVereist" verzuim:payload="{payload}"/>
            <bpmn:endEvent id="e"/>{Flows("s", "gesprek", "duo", "e")}
            """, "GesprekGehouden:leerlingId"));
        var pupils = Enumerable.Range(0, Cases).Select(i => $"M{i:D3}").ToList();
        var cases = await StartCasesAsync("schaal-gesprek", pupils, _ => []);
        var instances = cases.Keys.ToList();
        output.WriteLine($"hosts ready in {hosts.StartedIn}; {watch.Elapsed}: {Cases} cases open");

        // each message twice with the same berichtId (a sender's retry), one right after the other, so the two
        // copies are usually in flight on both hosts at once
        var messages = pupils.Select(p => new GesprekGehouden(Guid.NewGuid(), p, School, DateTimeOffset.UtcNow, "mentor", new DateOnly(2024, 10, 1))).ToList();
        var queue = await hosts.Client.GetSendEndpoint(new Uri($"exchange:{hosts.Queue}"));
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (message, ct) =>
        {
            await queue.Send(message, ct);
            await queue.Send(message, ct);
        });
        var ids = messages.Select(m => m.BerichtId).ToHashSet();
        output.WriteLine($"{watch.Elapsed}: {2 * Cases} messages sent");

        await WaitForCasesAndOutboxAsync(instances);
        output.WriteLine($"{watch.Elapsed}: all applied and published");

        await using var db = hosts.Store.CreateContext();
        Assert.All(await db.Instances.AsNoTracking().Where(i => instances.Contains(i.Id)).ToListAsync(), i => Assert.Equal(InstanceStatus.Completed, i.Status));
        var correlated = await db.Timeline.Where(t => instances.Contains(t.InstanceId) && t.Kind == TimelineKind.MessageCorrelated)
            .GroupBy(t => t.InstanceId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(Enumerable.Repeat(1, Cases), correlated);
        Assert.Equal(ids.Order(), (await db.ProcessedMessages.Where(m => ids.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync()).Order());

        // both hosts applied some: the committing connection of each MessageCorrelated row
        var work = await hosts.WorkAsync(instances);
        var applied = work.Where(w => w.Kind == "MessageCorrelated").ToList();
        Assert.Equal(Cases, applied.Select(w => w.InstanceId).Distinct().Count());
        var perHost = HostCounts(applied);
        output.WriteLine($"messages applied per host: {Describe(perHost)}");
        Assert.All(perHost, h => Assert.True(h.Value > 0, $"{h.Key} applied no message ({Describe(perHost)})"));
        Assert.Equal(Cases, perHost.Values.Sum());

        // every delivery was handled once: per host, its log names each copy it took as Correlated or Duplicate;
        // over both hosts each berichtId is Correlated exactly once and Duplicate exactly once
        Dictionary<string, List<(Guid MessageId, string Outcome)>> logged = [];
        await TwoHosts.WaitUntilAsync(() =>
        {
            logged = hosts.Hosts.ToDictionary(h => h.Name, h => h.HandledMessages().Where(m => ids.Contains(m.MessageId)).ToList());
            return Task.FromResult(logged.Values.Sum(l => l.Count) >= 2 * Cases);
        }, TimeSpan.FromSeconds(10), () => Task.FromResult($"{logged.Values.Sum(l => l.Count)} of {2 * Cases} deliveries logged"));
        var all = logged.Values.SelectMany(l => l).ToList();
        Assert.Equal(2 * Cases, all.Count);
        Assert.Equal(ids.Order(), all.Where(m => m.Outcome == "Correlated").Select(m => m.MessageId).Order());
        Assert.Equal(ids.Order(), all.Where(m => m.Outcome == "Duplicate").Select(m => m.MessageId).Order());
        // what each host's log says it applied is what the database says that host committed
        foreach (var (host, entries) in logged)
            Assert.Equal(perHost.GetValueOrDefault(host), entries.Count(m => m.Outcome == "Correlated"));
        output.WriteLine($"duplicates recognised per host: {string.Join(", ", logged.Select(l => $"{l.Key} {l.Value.Count(m => m.Outcome == "Duplicate")}"))}");

        await AssertOutboxWentOutOnceAsync(cases, work);
    }

    [Fact]
    public async Task A_calendar_change_on_one_host_is_the_calendar_of_the_other_host_from_its_next_request()
    {
        var a = await BeheerderAsync(hosts.Hosts[0]);
        var b = await BeheerderAsync(hosts.Hosts[1]);
        const string school = "S-APD-01", day = "2027-03-10"; // a Wednesday outside the holidays of region midden
        async Task<List<string?>> StudyDaysOnB() => (await b.GetFromJsonAsync<JsonObject>("api/kalender"))!["scholen"]!.AsArray()
            .Single(s => (string?)s!["schoolId"] == school)!["studiedagen"]!.AsArray().Select(d => (string?)d).ToList();
        Assert.DoesNotContain(day, await StudyDaysOnB()); // B has loaded its calendars and holds them in memory

        var added = await a.PostAsJsonAsync($"api/kalender/scholen/{school}/dagen", new { datum = day, soort = "Studiedag", omschrijving = "schaal" });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        Assert.Contains(day, await StudyDaysOnB()); // at once, not after B's one-minute reload

        var id = (string)(await added.Content.ReadFromJsonAsync<JsonObject>())!["dag"]!["id"]!;
        Assert.True((await a.DeleteAsync($"api/kalender/scholen/{school}/dagen/{id}")).IsSuccessStatusCode);
        Assert.DoesNotContain(day, await StudyDaysOnB());
    }

    /// <summary>A beheerder's bearer token from the host's own development provider (it registers its clients just after start).</summary>
    private static async Task<HttpClient> BeheerderAsync(HostProcess host)
    {
        var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = "beheerder", ["password"] = Verzuim.Host.Auth.Dev.DemoUsers.Password,
                ["client_id"] = Verzuim.Host.Auth.Dev.DevIdentityProvider.WebClientId, ["client_secret"] = Verzuim.Host.Auth.Dev.DevIdentityProvider.WebClientSecret,
                ["scope"] = "openid roles",
            }));
            if (response.IsSuccessStatusCode)
            {
                var token = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                return client;
            }
            if (attempt == 20) throw new Xunit.Sdk.XunitException($"token from {host.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task Timers_due_at_one_instant_fire_once_each_with_both_hosts_polling()
    {
        const string payload = "({ leerlingId, schoolId, reden: 'termijn verstreken' })";
        await hosts.Engine.DeployAsync(Process("schaal-termijn", $"""
            <bpmn:startEvent id="s"/>
            <bpmn:intermediateCatchEvent id="termijn"><bpmn:timerEventDefinition><bpmn:timeDate>=vervalt</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:serviceTask id="duo" verzuim:message="DuoMeldingVereist" verzuim:payload="{payload}"/>
            <bpmn:endEvent id="e"/>{Flows("s", "termijn", "duo", "e")}
            """));
        // one instant for all cases, chosen so that (normally) every case is waiting before it comes
        var due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeSeconds());
        var pupils = Enumerable.Range(0, Cases).Select(i => $"T{i:D3}").ToList();
        var cases = await StartCasesAsync("schaal-termijn", pupils, _ => new() { ["vervalt"] = due.ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var instances = cases.Keys.ToList();
        await using (var db = hosts.Store.CreateContext())
        {
            // a case opened after the instant fires at the next poll, still once; on a very busy machine some may be,
            // but a burst of at least 100 timers must come due at once or this test proves too little
            var waiting = await db.Instances.CountAsync(i => instances.Contains(i.Id) && i.StartedAt < due);
            output.WriteLine($"{waiting} of {Cases} cases were waiting when their timers came due");
            Assert.True(waiting >= 100, $"only {waiting} cases were open before {due:O}: the machine is too busy to open {Cases} cases in time");
        }

        await WaitForCasesAndOutboxAsync(instances, limit: TimeSpan.FromSeconds(60));

        await using (var db = hosts.Store.CreateContext())
        {
            Assert.All(await db.Instances.AsNoTracking().Where(i => instances.Contains(i.Id)).ToListAsync(), i => Assert.Equal(InstanceStatus.Completed, i.Status));
            var fired = await db.Timeline.AsNoTracking().Where(t => instances.Contains(t.InstanceId) && t.Kind == TimelineKind.TimerFired).ToListAsync();
            Assert.Equal(instances.Order(), fired.Select(t => t.InstanceId).Order()); // one per case, no case twice
            Assert.All(fired, t => Assert.Equal(due, t.Due));
            Assert.All(fired, t => Assert.True(t.At >= due, $"fired at {t.At:O}, before its instant {due:O}"));
            Assert.Equal(0, await db.Subscriptions.CountAsync(s => s.InstanceId != null && instances.Contains(s.InstanceId.Value)));
        }

        // both hosts fired some, and at the same time: their firing periods overlap
        var work = await hosts.WorkAsync(instances);
        var firings = work.Where(w => w.Kind == "TimerFired").ToList();
        Assert.Equal(Cases, firings.Count);
        var perHost = HostCounts(firings);
        output.WriteLine($"timers fired per host: {Describe(perHost)}");
        Assert.All(perHost, h => Assert.True(h.Value > 0, $"{h.Key} fired no timer ({Describe(perHost)})"));
        var periods = firings.GroupBy(w => w.Host).Select(g => (From: g.Min(w => w.At), To: g.Max(w => w.At))).ToList();
        output.WriteLine($"firing periods: {string.Join("; ", periods.Select(p => $"{p.From:HH:mm:ss.fff}-{p.To:HH:mm:ss.fff}"))}");
        Assert.True(periods.Count == 2 && periods[0].From < periods[1].To && periods[1].From < periods[0].To, "the hosts fired one after the other, not concurrently");

        await AssertOutboxWentOutOnceAsync(cases, work);
    }

    /// <summary>Opens a case per pupil; answers instance id → pupil.</summary>
    private async Task<Dictionary<Guid, string>> StartCasesAsync(string process, List<string> pupils, Func<string, JsonObject> variables)
    {
        var ids = new Guid[pupils.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, pupils.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var vars = variables(pupils[i]);
            vars["leerlingId"] = pupils[i];
            vars["schoolId"] = School;
            ids[i] = await hosts.Engine.StartAsync(process, vars, pupils[i], ct);
        });
        return ids.Zip(pupils).ToDictionary(p => p.First, p => p.Second);
    }

    private async Task WaitForCasesAndOutboxAsync(List<Guid> instances, TimeSpan? limit = null)
    {
        async Task<(int Completed, int Pending, int Outbox, int Received)> ProgressAsync()
        {
            await using var db = hosts.Store.CreateContext();
            var completed = await db.Instances.CountAsync(i => instances.Contains(i.Id) && i.Status == InstanceStatus.Completed);
            var outbox = await db.Outbox.Where(o => instances.Contains(o.InstanceId)).Select(o => new { o.Id, o.DispatchedAt }).ToListAsync();
            var ids = outbox.Select(o => o.Id).ToHashSet();
            var received = (await hosts.ReceivedAsync()).Count(r => ids.Contains(r.MessageId));
            return (completed, outbox.Count(o => o.DispatchedAt is null), outbox.Count, received);
        }
        await TwoHosts.WaitUntilAsync(async () =>
        {
            var p = await ProgressAsync();
            return p.Completed == instances.Count && p.Pending == 0 && p.Received >= p.Outbox;
        }, limit ?? TimeSpan.FromSeconds(60), async () =>
        {
            var p = await ProgressAsync();
            return $"{p.Completed} of {instances.Count} cases completed, {p.Pending} of {p.Outbox} outbox rows not dispatched, {p.Received} received";
        });
        await Task.Delay(1000); // room for a duplicate publish to show up before counting
    }

    /// <summary>
    /// Each case wrote CaseGeopend, DuoMeldingVereist and CaseGesloten; each row was dispatched once (by one
    /// host, on its first attempt) and arrived on the outbound queue exactly once, in the case's order. The
    /// contract lets receivers deduplicate by message id because a host that dies between publishing and
    /// marking a row publishes it again; no host dies here, so no duplicate is allowed at all.
    /// </summary>
    private async Task AssertOutboxWentOutOnceAsync(Dictionary<Guid, string> cases, List<Work> work)
    {
        await using var db = hosts.Store.CreateContext();
        var instances = cases.Keys.ToList();
        var outbox = await db.Outbox.AsNoTracking().Where(o => instances.Contains(o.InstanceId)).OrderBy(o => o.Position).ToListAsync();
        string[] lifecycle = ["CaseGeopend", "DuoMeldingVereist", "CaseGesloten"];
        Assert.Equal(instances.SelectMany(i => lifecycle.Select(m => (i, m))).Order(), outbox.Select(o => (o.InstanceId, o.MessageName)).Order());
        Assert.All(outbox, o => Assert.Equal(1, o.Attempts));
        Assert.All(outbox, o => Assert.Null(o.LastError));

        var dispatched = work.Where(w => w.Kind == "Dispatched").ToList();
        Assert.Equal(outbox.Select(o => o.Id).Order(), dispatched.Select(w => w.OutboxId!.Value).Order());
        var perHost = HostCounts(dispatched);
        output.WriteLine($"outbox rows dispatched per host: {Describe(perHost)}");
        Assert.All(perHost, h => Assert.True(h.Value > 0, $"{h.Key} dispatched nothing ({Describe(perHost)})"));

        var byId = outbox.ToDictionary(o => o.Id);
        var received = (await hosts.ReceivedAsync()).Where(r => byId.ContainsKey(r.MessageId)).ToList();
        Assert.Equal(outbox.Select(o => o.Id).Order(), received.Select(r => r.MessageId).Order());
        Assert.All(received, r => Assert.Equal((byId[r.MessageId].MessageName, r.MessageId, cases[byId[r.MessageId].InstanceId]), (r.Type, r.BerichtId, r.LeerlingId)));
        var outOfOrder = received.GroupBy(r => r.LeerlingId).Where(g => !g.Select(r => r.Type).SequenceEqual(lifecycle)).Select(g => g.Key).ToList();
        Assert.True(outOfOrder.Count == 0, $"{outOfOrder.Count} case(s) published out of order, e.g. {string.Join(", ", outOfOrder.Take(5))}");
    }

    private static Dictionary<string, int> HostCounts(IEnumerable<Work> work)
    {
        var counts = new Dictionary<string, int> { [TwoHosts.A] = 0, [TwoHosts.B] = 0 };
        foreach (var w in work)
        {
            Assert.True(counts.ContainsKey(w.Host), $"{w.Kind} committed by '{w.Host}', neither host"); // e.g. the test's own engine
            counts[w.Host]++;
        }
        return counts;
    }

    private static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
