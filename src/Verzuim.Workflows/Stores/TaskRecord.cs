namespace Verzuim.Workflows.Stores;

public enum WorkTaskStatus { Open, Completed, Cancelled }

/// <summary>A human task created by a user task element.</summary>
public sealed class TaskRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string TokenId { get; set; }
    public required string ElementId { get; set; }
    public string? Name { get; set; }
    public string? CandidateRole { get; set; }
    public string? BusinessKey { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>The form fields as JSON, so the inbox renders the form without the model.</summary>
    public required string Form { get; set; }
    public WorkTaskStatus Status { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? Result { get; set; }
}
