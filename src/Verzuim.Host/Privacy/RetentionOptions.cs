namespace Verzuim.Host.Privacy;

/// <summary>
/// Section "Bewaartermijnen": how long each kind of data is kept. The AVG (art. 5(1)(e)) and the domain
/// ("keep it no longer than needed", /work/shared/DOMAIN.md) give no number; the seeds name none either, so
/// the defaults are the shortest terms the service's own rules allow, each set per deployment.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>A closed case (its timeline, tasks, incidents, outbox rows) after it closed: a year lets a new case see the last one.</summary>
    public TimeSpan GeslotenZaken { get; set; } = TimeSpan.FromDays(365);
    /// <summary>Attendance registrations after they arrived: the longest signal window is a school year plus three months (15 months).</summary>
    public TimeSpan Absenties { get; set; } = TimeSpan.FromDays(2 * 365);
    /// <summary>Processed message ids after processing: well past any broker redelivery or operator replay from an error queue.</summary>
    public TimeSpan VerwerkteBerichten { get; set; } = TimeSpan.FromDays(30);
    /// <summary>
    /// Error-queue messages after the beheerder handled them (offered again or discarded): their body is gone already,
    /// the row (type, ids, reason, who) serves only questions about that handling. Open ones stay until handled.
    /// </summary>
    public TimeSpan AfgehandeldeFoutberichten { get; set; } = TimeSpan.FromDays(30);
    /// <summary>How often the purge runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    public bool Aan { get; set; } = true;
}
