using System.Text.Json.Nodes;
using Verzuim.Host.Privacy;

namespace Verzuim.Host.Tests.Privacy;

/// <summary>No BSN (nine digits passing the eleven-test) and no outright diagnosis in free text.</summary>
public sealed class FreeTextGuardTests
{
    // 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8 - 2 = 154 = 14*11; 111222333: 66 = 6*11. 123456789: 147, not a multiple of 11.
    [Theory]
    [InlineData("123456782", true)]
    [InlineData("111222333", true)]
    [InlineData("123456789", false)]
    [InlineData("000000000", false)]
    public void The_eleven_test(string digits, bool passes) => Assert.Equal(passes, FreeTextGuard.PassesElevenTest(digits));

    [Theory]
    [InlineData("afspraak", "Moeder belt terug, BSN 123456782")]
    [InlineData("afspraak", "bsn: 123.456.782")]
    [InlineData("leerlingId", "111222333")]
    [InlineData("afspraak", "Bij de huisarts is ADHD vastgesteld")]
    [InlineData("toelichting", "Er is een diagnose gesteld")]
    public void Refused_text_names_the_field(string field, string text)
    {
        var refusal = FreeTextGuard.Refusal(field, text);
        Assert.NotNull(refusal);
        Assert.Contains($"'{field}'", refusal);
    }

    [Theory]
    [InlineData("L-2024-0042")]
    [InlineData("123456789")]                      // nine digits, but no BSN: fails the eleven-test
    [InlineData("1234567820")]                     // ten digits: an account or phone number, not a BSN
    [InlineData("Gesprek met ouders, afspraak: dagelijks op tijd, evaluatie over 6 weken")]
    [InlineData("Leerling voegt zich bij de klas (add-on programma)")]
    public void Ordinary_text_passes(string text) => Assert.Null(FreeTextGuard.Refusal("afspraak", text));

    [Fact]
    public void The_youth_doctors_explanation_may_be_medical_but_holds_no_BSN()
    {
        Assert.Null(FreeTextGuard.Refusal("jeugdartsToelichting", "Beperkt belastbaar, medicatie wordt ingesteld", medicalField: true));
        Assert.NotNull(FreeTextGuard.Refusal("jeugdartsToelichting", "BSN 123456782", medicalField: true));
    }

    [Fact]
    public void A_form_body_is_checked_field_by_field_with_its_path()
    {
        var body = new JsonObject { ["uitkomst"] = "hersteld", ["notities"] = new JsonArray("ok", "BSN 111222333") };
        var e = Assert.Throws<FreeTextRefusedException>(() => FreeTextGuard.Check(body, _ => false));
        Assert.Contains("'notities[1]'", e.Message);
        FreeTextGuard.Check(new JsonObject { ["jeugdartsToelichting"] = "medicatie" }, name => name == "jeugdartsToelichting");
    }
}
