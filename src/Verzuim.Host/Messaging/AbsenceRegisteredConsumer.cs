using MassTransit;
using Verzuim.Contracts;
using Verzuim.Host.Schools;
using Verzuim.Workflows.Attendance;

namespace Verzuim.Host.Messaging;

/// <summary>
/// An absence goes into the pupil's attendance ledger, which adds the signals counted in the school's calendar
/// and hands the message on; only the model the pupil's school follows may open a case for it.
/// </summary>
public sealed class AbsenceRegisteredConsumer(AttendanceLedger ledger, SchoolDirectory schools, ILogger<AbsenceRegisteredConsumer> logger)
    : IConsumer<AbsentieGeregistreerd>
{
    public async Task Consume(ConsumeContext<AbsentieGeregistreerd> context)
    {
        var m = context.Message;
        PupilEventValidation.Validate(m);
        if (m.Datum == default) throw new InvalidPupilEventException("AbsentieGeregistreerd mist verplicht veld: datum.");
        var models = schools.ModelsFor(m.SchoolId);
        if (models.Count == 0) logger.LogWarning("School {School} is not configured: absence of {Pupil} recorded, no case can open", m.SchoolId, m.LeerlingId);
        var registration = new AbsenceRegistration(m.BerichtId, m.LeerlingId, m.SchoolId, m.Datum, AbsenceKinds.Parse(m.Soort.ToString()), m.Uren, m.Minuten);
        var result = await ledger.RecordAsync(registration, schools.CalendarFor(m.SchoolId), models, context.CancellationToken);
        logger.LogInformation("AbsentieGeregistreerd {MessageId} for {Pupil}: {Outcome}", m.BerichtId, m.LeerlingId, result.Outcome);
    }
}
