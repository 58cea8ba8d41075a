using System.Text.Json.Nodes;
using Verzuim.Cases.Mail;
using Verzuim.Cases.Tasks;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Privacy;
using Verzuim.Host.Cases;
using Verzuim.Host.Notifications;
using Verzuim.Host.Schools;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Stores;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Tasks;

public sealed record TaskView(Guid Id, Guid CaseId, Guid InstanceId, string ElementId, string? Naam, string? Rol, string? SchoolId, string? LeerlingId, string? Model,
    string? Stap, DateTimeOffset AangemaaktOp, DateTimeOffset? Deadline, bool Achterstallig, string? GeclaimdDoor, string Status,
    JsonNode? Formulier, DateTimeOffset? AfgerondOp, string? AfgerondDoor)
{
    /// <summary>School days left until the deadline in the school's calendar ("nog 4 schooldagen"); null without a deadline.</summary>
    public int? SchooldagenOver { get; init; }

    /// <summary>The values the completed task's form recorded (case view only; medical fields removed by <see cref="CaseAccess.Visible"/>).</summary>
    public JsonObject? Vastgelegd { get; init; }

    public static TaskView From(WorkTask t, CaseInstance instance, CaseSummary owner, DateTimeOffset now, SchoolCalendar calendar) =>
        new(t.Id, owner.Id, instance.Id, t.ElementId, t.Name, t.CandidateRole, instance.SchoolId, owner.LeerlingId, owner.Model, owner.Stap, t.CreatedAt,
            t.DueAt, t.Status == WorkTaskStatus.Open && t.DueAt < now, t.ClaimedBy,
            t.Status switch { WorkTaskStatus.Open => "Open", WorkTaskStatus.Completed => "Afgerond", _ => "Geannuleerd" },
            JsonNode.Parse(t.Form), t.CompletedAt, t.CompletedBy)
        {
            SchooldagenOver = t.DueAt is { } due ? CaseSummaries.SchoolDaysLeft(calendar, now, due) : null,
        };
}

/// <summary>
/// The inbox: a task is mine when I claimed it, my role's when its candidate role is one I hold at the task's
/// school (an access role, or a task role the school assigns to me). Tasks of other schools do not exist for me.
/// </summary>
public static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").RequireAuthorization(Policies.Cases).WithTags("Taken");

        tasks.MapGet("/", async (string? filter, CaseAccess access, ITaskQueries taskQueries, ICaseQueries caseQueries, CaseReader reader,
            SchoolDirectory schools, IClock clock, CancellationToken ct) =>
        {
            var mode = (filter ?? "alle").ToLowerInvariant();
            if (mode is not ("alle" or "mijn" or "rol"))
                throw new BadHttpRequestException($"Onbekend filter '{filter}': gebruik mijn, rol of alle.", StatusCodes.Status400BadRequest);
            var open = await taskQueries.OpenAsync(access.Scope, ct);
            var me = access.Caller.UserName;
            var visible = new List<WorkTask>();
            var instanceById = (await caseQueries.InstancesAsync(open.Select(t => t.InstanceId).ToList(), ct)).ToDictionary(i => i.Id);
            foreach (var t in open)
            {
                var mine = t.ClaimedBy == me;
                var myRole = MayWorkOn(access.Caller, t, instanceById[t.InstanceId]) && t.ClaimedBy is null;
                if (mode == "mijn" ? mine : mode == "rol" ? myRole : mine || myRole) visible.Add(t);
            }
            return await ViewsAsync(caseQueries, reader, schools, visible, instanceById, clock.UtcNow, ct);
        }).Audited(AuditLog.TasksListed).WithSummary("Mijn taken en de open taken van mijn rollen, op deadline");

        tasks.MapPost("/{id:guid}/claim", async (Guid id, CaseAccess access, AuditLog audit, TaskWork work, ITaskQueries taskQueries, ICaseQueries caseQueries,
            CaseReader reader, SchoolDirectory schools, IClock clock, CancellationToken ct) =>
        {
            var (task, instance) = await VisibleTaskAsync(taskQueries, caseQueries, access, id, ct);
            var me = access.Caller.UserName;
            // one statement, with its audit entry in the same transaction: of two people claiming at once, exactly one wins
            if (!await work.ClaimAsync(id, me, audit.Entry(AuditLog.TaskClaimed, instance.CaseId, instance.SchoolId, task.Name), ct))
                throw new InvalidOperationException(task.Status != WorkTaskStatus.Open ? $"Taak '{task.Name}' is niet meer open." : $"Taak '{task.Name}' is al geclaimd door {task.ClaimedBy}.");
            return (await ViewsAsync(caseQueries, reader, schools, [task with { ClaimedBy = me }], new() { [instance.Id] = instance }, clock.UtcNow, ct))[0];
        }).WithSummary("Een taak claimen; 409 als een ander haar heeft");

        tasks.MapPost("/{id:guid}/unclaim", async (Guid id, CaseAccess access, AuditLog audit, TaskWork work, ITaskQueries taskQueries, ICaseQueries caseQueries,
            HttpContext http, CancellationToken ct) =>
        {
            var (task, instance) = await VisibleTaskAsync(taskQueries, caseQueries, access, id, ct);
            var me = access.Caller.UserName;
            if (!await work.UnclaimAsync(id, me, audit.Entry(AuditLog.TaskUnclaimed, instance.CaseId, instance.SchoolId, $"{http.Request.Path}"), ct))
                throw new InvalidOperationException("Deze taak is niet door u geclaimd.");
            return Results.NoContent();
        }).WithSummary("Een geclaimde taak teruggeven");

        tasks.MapGet("/{id:guid}/collegas", async (Guid id, CaseAccess access, PersonDirectory people, ITaskQueries taskQueries, ICaseQueries caseQueries,
            CancellationToken ct) =>
        {
            var (task, instance) = await VisibleTaskAsync(taskQueries, caseQueries, access, id, ct);
            return (await people.AllAsync(ct))
                .Where(p => p.UserName != access.Caller.UserName && p.UserName != task.ClaimedBy && people.MayWorkOn(p, task, instance))
                .Select(p => new Colleague(p.UserName, p.DisplayName ?? p.UserName))
                .OrderBy(c => c.Naam, StringComparer.CurrentCultureIgnoreCase).ToList();
        }).WithSummary("Collega's die deze taak kunnen krijgen: de rol van de taak op haar school (wie zich eens heeft aangemeld)");

        tasks.MapPost("/{id:guid}/toewijzen", async (Guid id, TaskAssignment? body, CaseAccess access, AuditLog audit, PersonDirectory people, MailQueue queue,
            MailLinks links, TaskNotifier notifier, TaskWork work, ITaskQueries taskQueries, ICaseQueries caseQueries, CaseReader reader, SchoolDirectory schools,
            IClock clock, CancellationToken ct) =>
        {
            var target = body?.Gebruiker?.Trim();
            if (string.IsNullOrEmpty(target))
                throw new BadHttpRequestException("Geef de gebruikersnaam van de collega op (veld 'gebruiker').", StatusCodes.Status422UnprocessableEntity);
            var (task, instance) = await VisibleTaskAsync(taskQueries, caseQueries, access, id, ct);
            var me = access.Caller.UserName;
            var colleague = await people.FindAsync(target, ct)
                ?? throw new BadHttpRequestException($"Collega '{target}' is niet bekend in Verzuim: iemand verschijnt pas nadat die zich één keer heeft aangemeld.",
                    StatusCodes.Status422UnprocessableEntity);
            if (!people.MayWorkOn(colleague, task, instance))
                throw new BadHttpRequestException($"{colleague.DisplayName ?? colleague.UserName} heeft de rol {task.CandidateRole ?? "voor deze taak"} niet op " +
                    $"{schools.NameOf(instance.SchoolId) ?? instance.SchoolId}; alleen wie die rol daar heeft, kan deze taak krijgen.", StatusCodes.Status422UnprocessableEntity);

            var mails = new List<OutgoingMail>();
            if (colleague.UserName != me && colleague.Notifications && queue.Enabled)
            {
                var (subject, text) = links.Texts().Assigned(colleague, notifier.Line(task, instance, clock.UtcNow), access.Caller.DisplayName);
                // a key per assignment: assigned again later, they hear it again
                mails.Add(MailQueue.Outgoing(new($"{MailQueue.Assigned}:{task.Id}:{colleague.UserName}:{DateTimeOffset.UtcNow.UtcTicks}", MailQueue.Assigned, colleague, subject, text)));
            }
            // as with a claim, one statement: an unclaimed task, or one I have, goes to the colleague; someone else's stays theirs.
            // The mail and the audit entry commit with it.
            if (!await work.AssignAsync(id, me, colleague.UserName, mails,
                    audit.Entry(AuditLog.TaskAssigned, instance.CaseId, instance.SchoolId, $"{task.Name}; aan {colleague.UserName}"), ct))
                throw new InvalidOperationException(task.Status != WorkTaskStatus.Open ? $"Taak '{task.Name}' is niet meer open." : $"Taak '{task.Name}' is al geclaimd door {task.ClaimedBy}.");
            return (await ViewsAsync(caseQueries, reader, schools, [task with { ClaimedBy = colleague.UserName }], new() { [instance.Id] = instance }, clock.UtcNow, ct))[0];
        }).WithSummary("Een taak toewijzen aan een collega met de rol van de taak op haar school; 422 als die de rol daar niet heeft");

        tasks.MapPost("/{id:guid}/complete", async (Guid id, JsonObject? data, CaseAccess access, AuditLog audit, ITaskQueries taskQueries, ICaseQueries caseQueries,
            TaskWork work, CancellationToken ct) =>
        {
            var (task, instance) = await VisibleTaskAsync(taskQueries, caseQueries, access, id, ct);
            var me = access.Caller.UserName;
            if (task.ClaimedBy is not null && task.ClaimedBy != me) throw new InvalidOperationException($"Taak '{task.Name}' is geclaimd door {task.ClaimedBy}.");
            FreeTextGuard.Check(data, access.IsMedical); // no BSN, no diagnosis in a form's text
            // the completion and its audit entry commit together
            await work.CompleteAsync(id, data, me, audit.Entry(AuditLog.TaskCompleted, instance.CaseId, instance.SchoolId, Submitted(task, data, access)), ct);
            return Results.NoContent();
        }).WithSummary("Een taak afronden met de formuliergegevens; de zaak loopt verder");
        return app;
    }

    /// <summary>What a completion submitted, for the audit log: the task and each field with its value, medical values redacted.</summary>
    private static string Submitted(WorkTask task, JsonObject? data, CaseAccess access) =>
        data is null || data.Count == 0 ? $"{task.Name}; geen velden"
            : $"{task.Name}; " + string.Join(", ", data.Select(f => $"{f.Key}={(access.IsMedical(f.Key) ? "[medisch]" : f.Value?.ToJsonString() ?? "null")}"));

    /// <summary>The caller may pick up this task: its role is one they hold at the task's school (or it names no role).</summary>
    public static bool MayWorkOn(Caller caller, WorkTask task, CaseInstance instance) =>
        caller.HasSchool(instance.SchoolId) && (task.CandidateRole is null || caller.TaskRolesAt(instance.SchoolId).Contains(task.CandidateRole));

    private static async Task<(WorkTask Task, CaseInstance Instance)> VisibleTaskAsync(ITaskQueries taskQueries, ICaseQueries caseQueries, CaseAccess access,
        Guid id, CancellationToken ct)
    {
        var task = await taskQueries.TaskAsync(id, ct);
        var instance = task is null ? null : await caseQueries.InstanceAsync(task.InstanceId, access.Scope, ct);
        if (task is null || instance is null) throw new KeyNotFoundException($"Taak {id} bestaat niet.");
        if (!MayWorkOn(access.Caller, task, instance) && task.ClaimedBy != access.Caller.UserName)
            throw new ForbiddenException($"Taak '{task.Name}' is voor de rol {task.CandidateRole}; die rol heeft u niet op deze school.");
        return (task, instance);
    }

    private static async Task<List<TaskView>> ViewsAsync(ICaseQueries caseQueries, CaseReader reader, SchoolDirectory schools, List<WorkTask> tasks,
        Dictionary<Guid, CaseInstance> instances, DateTimeOffset now, CancellationToken ct)
    {
        var owners = await caseQueries.InstancesAsync(instances.Values.Select(i => i.CaseId).Distinct().ToList(), ct);
        var summaries = (await reader.SummariesAsync(owners, now, ct)).ToDictionary(s => s.Id);
        return tasks.Select(t =>
            {
                var instance = instances[t.InstanceId];
                return TaskView.From(t, instance, summaries[instance.CaseId], now, schools.CalendarFor(instance.SchoolId));
            })
            .OrderBy(v => v.Deadline ?? DateTimeOffset.MaxValue).ThenBy(v => v.AangemaaktOp).ToList();
    }
}

/// <summary>Body of POST /api/tasks/{id}/toewijzen: the colleague's user name.</summary>
public sealed record TaskAssignment(string? Gebruiker);

/// <summary>A colleague who could get a task.</summary>
public sealed record Colleague(string Gebruiker, string Naam);

/// <summary>The caller sees the thing but may not do this with it (403 with the reason).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
