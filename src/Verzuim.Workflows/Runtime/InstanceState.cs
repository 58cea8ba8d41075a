using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verzuim.Workflows.Runtime;

public enum TokenStatus { Ready, Waiting, Incident }

/// <summary>
/// Where an incident stopped a token: retrying re-enters the element, finishes leaving it with the data it had, or
/// (Queued: a command limit stopped it before it entered) enters it as if it had just arrived.
/// </summary>
public enum IncidentPhase { Enter, Leave, Queued }

/// <summary>A position in the process graph. Waiting tokens hold the ids of what they wait on.</summary>
public sealed class Token
{
    public required string Id { get; init; }
    public required string ElementId { get; set; }
    /// <summary>"root", or the id of the sub-process scope the token runs in.</summary>
    public required string ScopeId { get; init; }
    public TokenStatus Status { get; set; }
    /// <summary>The flow the token arrived by: a parallel join needs one token per incoming flow.</summary>
    public string? ArrivedVia { get; set; }
    public Guid? TaskId { get; set; }
    public Guid? ChildInstanceId { get; set; }
    /// <summary>The scope this token owns while it sits on an embedded sub-process.</summary>
    public string? OwnedScopeId { get; set; }
    public string? Incident { get; set; }
    public IncidentPhase? IncidentPhase { get; set; }
    public Guid? IncidentId { get; set; }
    /// <summary>The message that started an event sub-process, carried to its start event.</summary>
    public string? StartData { get; set; }
    /// <summary>Result data (message payload, form data) to finish leaving with, after an incident on leave.</summary>
    public string? PendingResult { get; set; }
}

/// <summary>The persisted execution state of one instance (variables are stored apart).</summary>
public sealed class InstanceState
{
    public const string RootScope = "root";

    public List<Token> Tokens { get; set; } = [];
    public int NextTokenNumber { get; set; } = 1;
    public int NextTimelineSequence { get; set; } = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string NewTokenId() => "t" + NextTokenNumber++;
    public string Serialize() => JsonSerializer.Serialize(this, Json);
    public static InstanceState Deserialize(string json) => JsonSerializer.Deserialize<InstanceState>(json, Json) ?? new InstanceState();
}
