using Microsoft.Extensions.Options;
using Verzuim.Host.Engine;
using Verzuim.Host.Schools;
using Verzuim.Workflows.Management;
using Verzuim.Cases.People;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Notifications;

/// <summary>
/// Looks for what people should hear about and queues it (once each, by key): a new task for the role someone holds
/// at their school, a task whose deadline passed (to whoever has it, else its role), and on a school day from
/// <see cref="MailOptions.SamenvattingVanaf"/> one digest per person of their open tasks. Each person's choices apply.
/// Assignments are queued by the assignment itself.
/// </summary>
public sealed class TaskNotifier(ITaskQueries taskQueries, ICaseQueries caseQueries, StoreInitializer initializer, PersonDirectory people, MailQueue queue, MailLinks links,
    SchoolDirectory schools, IClock clock, IOptions<MailOptions> options, ILogger<TaskNotifier> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("E-mail notifications are off: no Meldingen:SmtpHost or Meldingen:OphaalMap configured");
            return;
        }
        try { await initializer.Ready.WaitAsync(stoppingToken); }
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning("Looking for task notifications failed; trying again: {Error}", e.Message); }
            try { await Task.Delay(options.Value.Interval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One round: queues the new, overdue and digest mails that are due now; returns how many were queued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var texts = links.Texts();
        var everyone = (await people.AllAsync(ct)).Where(p => p.Email is { Length: > 0 }).ToList();
        if (everyone.Count == 0) return 0;
        var open = await taskQueries.AllOpenAsync(ct);
        var instances = (await caseQueries.InstancesAsync(open.Select(t => t.InstanceId).ToList(), ct)).ToDictionary(i => i.Id);
        var callers = everyone.ToDictionary(p => p.UserName, people.AsCaller); // once per round, not per task
        bool MayWorkOn(Person p, WorkTask t, CaseInstance i) => PersonDirectory.MayWorkOn(callers[p.UserName], t, i);
        var mails = new List<QueuedMail>();
        var since = now - options.Value.NieuwVenster;

        foreach (var task in open)
        {
            if (!instances.TryGetValue(task.InstanceId, out var instance)) continue;
            var line = Line(task, instance, now);
            var holders = everyone.Where(p => MayWorkOn(p, task, instance)).ToList();
            if (task.ClaimedBy is null && task.CreatedAt >= since)
                foreach (var p in holders.Where(p => p.Notifications))
                {
                    var (subject, body) = texts.New(p, line);
                    mails.Add(new($"{MailQueue.New}:{task.Id}:{p.UserName}", MailQueue.New, p, subject, body));
                }
            if (task.DueAt < now)
            {
                // the one who has it hears it; an unclaimed task's role holders do
                var to = task.ClaimedBy is { } owner ? everyone.Where(p => p.UserName == owner).ToList() : holders;
                foreach (var p in to.Where(p => p.Notifications))
                {
                    var (subject, body) = texts.Overdue(p, line);
                    mails.Add(new($"{MailQueue.Overdue}:{task.Id}:{p.UserName}", MailQueue.Overdue, p, subject, body));
                }
            }
        }

        mails.AddRange(Digests(everyone, callers, open, instances, now, texts));
        // another host may queue some of the same keys in the same moment; the next round adds the rest
        return await queue.QueueAsync(mails, ct);
    }

    private IEnumerable<QueuedMail> Digests(IReadOnlyList<Person> everyone, Dictionary<string, Auth.Caller> callers, IReadOnlyList<WorkTask> open, Dictionary<Guid, CaseInstance> instances, DateTimeOffset now,
        MailTexts texts)
    {
        var local = TimeZoneInfo.ConvertTime(now, SchoolCalendar.DutchTimeZone);
        if (TimeOnly.FromDateTime(local.DateTime) < options.Value.SamenvattingVanaf) yield break;
        var today = DateOnly.FromDateTime(local.DateTime);
        foreach (var p in everyone.Where(p => p.Digest))
        {
            var caller = callers[p.UserName];
            // a school day at one of the person's schools; no mail on a holiday, a weekend, or with nothing open
            if (!caller.Schools.Any(s => schools.CalendarFor(s).IsSchoolDay(today))) continue;
            var tasks = open.Where(t => instances.TryGetValue(t.InstanceId, out var i)
                    && (t.ClaimedBy == p.UserName || (t.ClaimedBy is null && PersonDirectory.MayWorkOn(caller, t, i))))
                .Select(t => Line(t, instances[t.InstanceId], now))
                .OrderByDescending(t => t.Overdue).ThenBy(t => t.DueAt ?? DateTimeOffset.MaxValue).ToList();
            if (tasks.Count == 0) continue;
            var (subject, body) = texts.Digest(p, today, tasks);
            yield return new($"{MailQueue.Digest}:{p.UserName}:{today:yyyy-MM-dd}", MailQueue.Digest, p, subject, body);
        }
    }

    public MailTexts.TaskLine Line(WorkTask task, CaseInstance instance, DateTimeOffset now) =>
        new(task.Id, instance.CaseId, task.Name ?? task.ElementId, task.CandidateRole, task.BusinessKey ?? instance.BusinessKey,
            schools.NameOf(instance.SchoolId) ?? instance.SchoolId, task.DueAt, task.DueAt < now);
}

/// <summary>The werkbak address the links in a mail point to: configured, or this host's own once it listens.</summary>
public sealed class MailLinks(IOptions<MailOptions> options, IServiceProvider services)
{
    public MailTexts Texts() => new((options.Value.WerkbakUrl is { Length: > 0 } url ? url : Auth.Dev.SelfAddresses.All(services)[0]).TrimEnd('/'));
}
