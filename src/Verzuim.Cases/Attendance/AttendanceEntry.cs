namespace Verzuim.Cases.Attendance;

/// <summary>
/// One registration from an <c>AbsentieGeregistreerd</c> message: on <see cref="Datum"/> the pupil missed
/// <see cref="Uren"/> lesson hours (absence) or arrived <see cref="Minuten"/> minutes late (<see cref="AbsenceKind.TeLaat"/>).
/// A day may hold several entries (one per lesson, or a late arrival and a later absence); the calculator
/// adds their hours and minutes but counts the day once.
/// </summary>
public sealed record AttendanceEntry(DateOnly Datum, AbsenceKind Soort, decimal? Uren = null, int? Minuten = null)
{
    // Checked here, when a message becomes an entry, rather than in the calculator: a bad value must be
    // refused at intake, not stored in the ledger where it would break every later computation for the pupil.
    public AbsenceKind Soort { get; init; } = Enum.IsDefined(Soort)
        ? Soort
        : throw new ArgumentOutOfRangeException(nameof(Soort), Soort, "Not a defined absence kind.");

    public decimal? Uren { get; init; } = Uren is null || Uren >= 0m
        ? Uren
        : throw new ArgumentOutOfRangeException(nameof(Uren), Uren, "Hours missed cannot be negative.");

    public int? Minuten { get; init; } = Minuten is null or >= 0
        ? Minuten
        : throw new ArgumentOutOfRangeException(nameof(Minuten), Minuten, "Minutes late cannot be negative.");
}
