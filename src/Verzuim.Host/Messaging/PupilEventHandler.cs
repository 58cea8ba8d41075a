using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Contracts;
using Verzuim.Host.Api;
using Verzuim.Host.Operations;
using Verzuim.Host.Schools;
using Verzuim.Cases.Attendance;
using Verzuim.Cases.Duo;
using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Messaging;

/// <summary>
/// What happens to an inbound pupil event, whether it came over RabbitMQ or HTTP. An absence goes into the
/// pupil's attendance ledger, which adds the signals counted in the school's calendar and hands it on (only the
/// models the pupil's school follows may open a case); every other event goes to the engine's correlation with
/// name = contract name, key = pupil id, id = the sender's message id (redelivery is recognised by the engine).
/// Events from the queue come in batches (<see cref="InboundBatcher"/>): consecutive events are correlated in one
/// transaction, in their order; a <c>DuoMeldingGedaan</c> looks up the report it answers first, so it goes alone.
/// </summary>
public sealed class PupilEventHandler(WorkflowEngine engine, AttendanceLedger ledger, DuoMeldingCorrelation duo, SchoolDirectory schools, CalendarStore calendars,
    VerzuimTelemetry telemetry, IClock clock, ILogger<PupilEventHandler> logger)
{
    /// <summary>One event on its own (HTTP); a failure is thrown.</summary>
    public async Task<CorrelationResult> HandleAsync(IPupilEvent message, CancellationToken ct)
    {
        Validate(message);
        var outcome = (await ApplyAsync([message], ct))[0];
        if (outcome.Failure is not null) ExceptionDispatchInfo.Throw(outcome.Failure);
        return outcome.Result!;
    }

    /// <summary>Refuses an event that can never succeed (<see cref="InvalidPupilEventException"/>), before it joins a batch.</summary>
    public void Validate(IPupilEvent message)
    {
        PupilEventValidation.Validate(message);
        if (message is AbsentieGeregistreerd absence)
        {
            if (absence.Datum == default) throw new InvalidPupilEventException("AbsentieGeregistreerd mist verplicht veld: datum.");
            if (AcceptedDates.Refusal("AbsentieGeregistreerd: datum", absence.Datum, clock) is { } refusal) throw new InvalidPupilEventException(refusal);
        }
    }

    /// <summary>
    /// Validated events in their order: consecutive ones in one transaction of the engine, each with its own outcome;
    /// a failed one (nothing of it committed) holds its exception, the others are committed.
    /// </summary>
    public async Task<IReadOnlyList<BatchOutcome>> ApplyAsync(IReadOnlyList<IPupilEvent> messages, CancellationToken ct)
    {
        using var activity = VerzuimTelemetry.Source.StartActivity(messages.Count == 1 ? $"{messages[0].GetType().Name} verwerken" : "berichten verwerken");
        activity?.SetTag("verzuim.berichten", messages.Count);
        if (messages.Count == 1) activity?.SetTag("verzuim.bericht_id", messages[0].BerichtId);
        await calendars.EnsureCurrentAsync(ct); // another host may have changed a calendar since this one loaded it
        var outcomes = new BatchOutcome[messages.Count];
        var batch = new List<(int Index, BatchedMessage Message)>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is DuoMeldingGedaan)
            {
                await CorrelateAsync(batch, outcomes, ct); // the events before it first: it reads what they committed
                outcomes[i] = await CatchAsync(async () => await DuoAsync(messages[i], ct));
                continue;
            }
            try { batch.Add((i, ToEngine(messages[i]))); }
            catch (Exception e) { outcomes[i] = new BatchOutcome(null, e); }
        }
        await CorrelateAsync(batch, outcomes, ct);
        for (var i = 0; i < messages.Count; i++)
        {
            // a failure is not counted here: the consumer's retry or the error queue reports it
            if (outcomes[i].Result is not { } result) continue;
            var name = messages[i].GetType().Name;
            telemetry.MessageConsumed(name, result.Outcome.ToString());
            if (messages.Count == 1) activity?.SetTag("verzuim.uitkomst", result.Outcome.ToString());
            // Debug, not Information: a line per message was a noticeable part of the host's CPU under load
            logger.LogDebug("{Message} {MessageId} for {Pupil}: {Outcome} ({Count} case(s))",
                name, messages[i].BerichtId, messages[i].LeerlingId, result.Outcome, result.InstanceIds.Count);
        }
        return outcomes;
    }

    private async Task CorrelateAsync(List<(int Index, BatchedMessage Message)> batch, BatchOutcome[] outcomes, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var results = await engine.CorrelateBatchAsync(batch.Select(b => b.Message).ToList(), ct);
        for (var j = 0; j < batch.Count; j++) outcomes[batch[j].Index] = results[j];
        batch.Clear();
    }

    private static async Task<BatchOutcome> CatchAsync(Func<Task<CorrelationResult>> work)
    {
        try { return new BatchOutcome(await work(), null); }
        catch (Exception e) when (e is not OperationCanceledException) { return new BatchOutcome(null, e); }
    }

    private BatchedMessage ToEngine(IPupilEvent message)
    {
        if (message is AbsentieGeregistreerd absence)
        {
            var models = schools.ModelsFor(absence.SchoolId);
            if (models.Count == 0) logger.LogWarning("School {School} is not configured: absence of {Pupil} recorded, no case can open", absence.SchoolId, absence.LeerlingId);
            var registration = new AbsenceRegistration(absence.BerichtId, absence.LeerlingId, absence.SchoolId, absence.Datum,
                AbsenceKinds.Parse(absence.Soort.ToString()), absence.Uren, absence.Minuten);
            return ledger.Message(registration, schools.CalendarFor(absence.SchoolId), models);
        }
        return new BatchedMessage(new IncomingMessage(message.BerichtId, message.GetType().Name, message.LeerlingId, Payload(message)));
    }

    /// <summary>One report per DuoMeldingGedaan: the one it names, or the pupil's oldest open one.</summary>
    private Task<CorrelationResult> DuoAsync(IPupilEvent message, CancellationToken ct) =>
        duo.CorrelateAsync(message.BerichtId, message.LeerlingId, Payload(message), ct);

    private static JsonObject Payload(IPupilEvent message) =>
        (JsonObject)JsonSerializer.SerializeToNode(message, message.GetType(), ContractJson.Options)!;
}
