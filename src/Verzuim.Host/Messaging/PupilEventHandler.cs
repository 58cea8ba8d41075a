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
/// </summary>
public sealed class PupilEventHandler(WorkflowEngine engine, AttendanceLedger ledger, DuoMeldingCorrelation duo, SchoolDirectory schools, CalendarStore calendars,
    VerzuimTelemetry telemetry, IClock clock, ILogger<PupilEventHandler> logger)
{
    public async Task<CorrelationResult> HandleAsync(IPupilEvent message, CancellationToken ct)
    {
        var name = message.GetType().Name;
        using var activity = VerzuimTelemetry.Source.StartActivity($"{name} verwerken");
        activity?.SetTag("verzuim.bericht_id", message.BerichtId);
        PupilEventValidation.Validate(message);
        await calendars.EnsureCurrentAsync(ct); // another host may have changed a calendar since this one loaded it
        CorrelationResult result;
        if (message is AbsentieGeregistreerd absence)
        {
            if (absence.Datum == default) throw new InvalidPupilEventException("AbsentieGeregistreerd mist verplicht veld: datum.");
            if (AcceptedDates.Refusal("AbsentieGeregistreerd: datum", absence.Datum, clock) is { } refusal) throw new InvalidPupilEventException(refusal);
            var models = schools.ModelsFor(absence.SchoolId);
            if (models.Count == 0) logger.LogWarning("School {School} is not configured: absence of {Pupil} recorded, no case can open", absence.SchoolId, absence.LeerlingId);
            var registration = new AbsenceRegistration(absence.BerichtId, absence.LeerlingId, absence.SchoolId, absence.Datum,
                AbsenceKinds.Parse(absence.Soort.ToString()), absence.Uren, absence.Minuten);
            result = await ledger.RecordAsync(registration, schools.CalendarFor(absence.SchoolId), models, ct);
        }
        else
        {
            var payload = (JsonObject)JsonSerializer.SerializeToNode(message, message.GetType(), ContractJson.Options)!;
            // one report per DuoMeldingGedaan: the one it names, or the pupil's oldest open one
            result = message is DuoMeldingGedaan
                ? await duo.CorrelateAsync(message.BerichtId, message.LeerlingId, payload, ct)
                : await engine.CorrelateAsync(new IncomingMessage(message.BerichtId, name, message.LeerlingId, payload), ct);
        }
        telemetry.MessageConsumed(name, result.Outcome.ToString());
        activity?.SetTag("verzuim.uitkomst", result.Outcome.ToString());
        logger.LogInformation("{Message} {MessageId} for {Pupil}: {Outcome} ({Count} case(s))",
            name, message.BerichtId, message.LeerlingId, result.Outcome, result.InstanceIds.Count);
        return result;
    }
}
