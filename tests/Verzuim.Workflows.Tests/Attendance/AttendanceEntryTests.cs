using Verzuim.Cases.Attendance;
using static Verzuim.Workflows.Tests.Attendance.Ledger;

namespace Verzuim.Workflows.Tests.Attendance;

[Trait("Category", "Unit")]
public class AttendanceEntryTests
{
    [Fact]
    public void Refuses_negative_hours_and_minutes_and_undefined_kinds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttendanceEntry(D("2024-11-04"), AbsenceKind.Ongeoorloofd, -1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttendanceEntry(D("2024-11-04"), AbsenceKind.TeLaat, Minuten: -5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttendanceEntry(D("2024-11-04"), (AbsenceKind)42));
    }

    [Fact]
    public void Keeps_what_it_was_given()
    {
        var entry = new AttendanceEntry(D("2024-11-04"), AbsenceKind.TeLaat, null, 12);
        Assert.Equal(D("2024-11-04"), entry.Datum);
        Assert.Equal(AbsenceKind.TeLaat, entry.Soort);
        Assert.Null(entry.Uren);
        Assert.Equal(12, entry.Minuten);
        Assert.Equal(new AttendanceEntry(D("2024-11-04"), AbsenceKind.TeLaat, null, 12), entry);
    }
}
