using Verzuim.Workflows.Stores;

namespace Verzuim.Workflows.Management;

/// <summary>A human task as readers see it. <see cref="Form"/> and <see cref="Result"/> are JSON.</summary>
public sealed record WorkTask(Guid Id, Guid InstanceId, string ElementId, string? Name, string? CandidateRole, string? BusinessKey, DateTimeOffset? DueAt,
    string Form, WorkTaskStatus Status, string? ClaimedBy, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? CompletedBy, string? Result)
{
    public static WorkTask From(TaskRecord t) =>
        new(t.Id, t.InstanceId, t.ElementId, t.Name, t.CandidateRole, t.BusinessKey, t.DueAt, t.Form, t.Status, t.ClaimedBy, t.CreatedAt, t.CompletedAt,
            t.CompletedBy, t.Result);
}
