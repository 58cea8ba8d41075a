using Verzuim.Cases.Attendance;

namespace Verzuim.Workflows.Tests.Attendance;

[Trait("Category", "Unit")]
public class AbsenceKindsTests
{
    [Theory]
    [InlineData("Ziek", AbsenceKind.Ziek)]
    [InlineData("ziek", AbsenceKind.Ziek)]
    [InlineData(" ONGEOORLOOFD ", AbsenceKind.Ongeoorloofd)]
    [InlineData("TeLaat", AbsenceKind.TeLaat)]
    [InlineData("te laat", AbsenceKind.TeLaat)]
    [InlineData("Te-Laat", AbsenceKind.TeLaat)]
    [InlineData("TE_LAAT", AbsenceKind.TeLaat)]
    [InlineData("luxe", AbsenceKind.Luxe)]
    [InlineData("Geoorloofd", AbsenceKind.Geoorloofd)]
    public void Parses_contract_names_tolerantly(string text, AbsenceKind expected)
    {
        Assert.Equal(expected, AbsenceKinds.Parse(text));
    }

    [Theory]
    [InlineData("spijbelen")]
    [InlineData("2")] // an enum ordinal is no kind of absence
    [InlineData("")]
    [InlineData("ziekte")]
    public void Rejects_unknown_kinds_naming_the_value(string text)
    {
        var error = Assert.Throws<FormatException>(() => AbsenceKinds.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void Rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => AbsenceKinds.Parse(null!));
    }

    [Fact]
    public void Every_kind_round_trips_through_its_name()
    {
        foreach (var kind in Enum.GetValues<AbsenceKind>())
        {
            Assert.Equal(kind, AbsenceKinds.Parse(kind.ToString()));
        }
    }

    [Fact]
    public void Names_match_the_message_contract()
    {
        // Verzuim.Contracts.Verzuimsoort, which this project does not reference: the ledger stores these names.
        Assert.Equal(["Ziek", "Ongeoorloofd", "TeLaat", "Luxe", "Geoorloofd"], Enum.GetNames<AbsenceKind>());
    }
}
