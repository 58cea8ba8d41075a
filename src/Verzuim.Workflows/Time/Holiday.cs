namespace Verzuim.Workflows.Time;

/// <summary>
/// A school holiday as a range of local calendar days, both ends inclusive
/// (e.g. Herfstvakantie noord 2024: 2024-10-19 .. 2024-10-27).
/// </summary>
public sealed record Holiday(DateOnly From, DateOnly To, string Name)
{
    public bool Contains(DateOnly day) => From <= day && day <= To;
}
