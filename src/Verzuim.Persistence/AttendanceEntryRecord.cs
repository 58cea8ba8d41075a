namespace Verzuim.Persistence;

/// <summary>
/// One registration in a pupil's attendance ledger (from an AbsentieGeregistreerd message). The message id is
/// unique, so recording a redelivered message changes nothing.
/// </summary>
public sealed class AttendanceEntryRecord
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public required string LeerlingId { get; set; }
    public required string SchoolId { get; set; }
    public DateOnly Datum { get; set; }
    public required string Soort { get; set; }
    public decimal? Uren { get; set; }
    public int? Minuten { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
