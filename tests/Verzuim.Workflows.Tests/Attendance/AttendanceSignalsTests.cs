using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Cases.Attendance;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Time;
using static Verzuim.Workflows.Tests.Attendance.Ledger;

namespace Verzuim.Workflows.Tests.Attendance;

/// <summary>The signals as a whole: the JSON the models read, and properties of the calculation itself.</summary>
[Trait("Category", "Unit")]
public class AttendanceSignalsTests
{
    private static readonly string[] Keys =
    [
        "ziekmeldingen12Schoolweken", "ziekmeldingen2Maanden", "ziekmeldingen3Maanden",
        "ziekSchooldagenAaneengesloten", "ziekKalenderdagenAaneengesloten",
        "ongeoorloofdUren4Schoolweken", "relatiefVerzuimUren4Schoolweken",
        "ongeoorloofdDagenAaneengesloten", "ongeoorloofdKalenderdagenAaneengesloten",
        "ongeoorloofdAantal", "ongeoorloofdRondVakantieAantal",
        "teLaatAantal", "teLaatMinuten", "teLaatMinutenNa9eKeer", "luxeAantal",
        "geoorloofdDagenAaneengesloten", "geoorloofdUren4Schoolweken", "verzuimdeLesuren", "geoorloofdeLesuren",
    ];

    // Sick Mon 4 and Tue 5 Nov 2024 (first days after the midden autumn holiday), 4 unexcused hours Wed 6 Nov.
    private static readonly AttendanceEntry[] Week =
    [
        Ziek("2024-11-04", 6m), Ziek("2024-11-05", 6m), Ongeoorloofd("2024-11-06", 4m), TeLaat("2024-11-06", 15),
    ];

    [Fact]
    public void ToJson_has_exactly_the_documented_keys()
    {
        var json = Compute(Midden(), "2024-11-06", Week).ToJson();

        Assert.Equal(Keys, json.Select(p => p.Key));
    }

    [Fact]
    public void ToJson_matches_the_serializer_names()
    {
        var signals = Compute(Midden(), "2024-11-06", Week);

        var serialized = JsonSerializer.SerializeToNode(signals)!.AsObject();

        Assert.True(JsonNode.DeepEquals(serialized, signals.ToJson()), serialized.ToJsonString());
    }

    [Fact]
    public void ToJson_values()
    {
        // Wed 6 Nov: one sick report (4 Nov, 2 days); not sick on 6 Nov, so the sick run is 0; unexcused run 1
        // (6 Nov), calendar 1; 4 unexcused hours + 15 late minutes = 4.25 relatief; 12 excused hours; 4 Nov
        // is the first school day after the autumn holiday but it is sick, not unexcused, so 0 around holidays.
        var json = Compute(Midden(), "2024-11-06", Week).ToJson();

        Assert.Equal(1, (int)json["ziekmeldingen12Schoolweken"]!);
        Assert.Equal(0, (int)json["ziekSchooldagenAaneengesloten"]!);
        Assert.Equal(1, (int)json["ongeoorloofdDagenAaneengesloten"]!);
        Assert.Equal(4m, (decimal)json["ongeoorloofdUren4Schoolweken"]!);
        Assert.Equal(4.25m, (decimal)json["relatiefVerzuimUren4Schoolweken"]!);
        Assert.Equal(16m, (decimal)json["verzuimdeLesuren"]!);
        Assert.Equal(12m, (decimal)json["geoorloofdeLesuren"]!);
        Assert.Equal(0, (int)json["ongeoorloofdRondVakantieAantal"]!);
    }

    [Fact]
    public void A_model_condition_reads_the_signals()
    {
        // The kind of condition the BPMN models hold (MAZL: 4th report in 12 school weeks or 7th day sick).
        var evaluator = new ExpressionEvaluator(new VirtualClock(new DateTimeOffset(2024, 11, 6, 12, 0, 0, TimeSpan.Zero)));
        var variables = new JsonObject { ["signalen"] = Compute(Midden(), "2024-11-06", Week).ToJson() };

        Assert.False(evaluator.EvaluateCondition(
            "signalen.ziekmeldingen12Schoolweken >= 4 || signalen.ziekSchooldagenAaneengesloten >= 7", variables));
        Assert.True(evaluator.EvaluateCondition("signalen.relatiefVerzuimUren4Schoolweken > 4.2", variables));
    }

    [Fact]
    public void An_empty_ledger_gives_all_zeros()
    {
        var json = AttendanceSignalCalculator.Compute([], D("2024-11-06"), Midden()).ToJson();

        Assert.All(json, p => Assert.Equal("0", p.Value!.ToJsonString()));
    }

    [Fact]
    public void Registrations_after_the_peildatum_are_ignored()
    {
        // Recomputing Tue 5 Nov must not see Wednesday's registrations: only the sick run 4-5 Nov (2 days).
        var signals = Compute(Midden(), "2024-11-05", Week);

        Assert.Equal(2, signals.ZiekSchooldagenAaneengesloten);
        Assert.Equal(0m, signals.OngeoorloofdUren4Schoolweken);
        Assert.Equal(0, signals.TeLaatAantal);
        Assert.Equal(12m, signals.VerzuimdeLesuren);
    }

    [Fact]
    public void The_order_of_the_ledger_does_not_matter()
    {
        var forward = Compute(Midden(), "2024-11-06", Week);
        var backward = Compute(Midden(), "2024-11-06", [.. Week.Reverse()]);

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Arguments_are_required()
    {
        Assert.Throws<ArgumentNullException>(() => AttendanceSignalCalculator.Compute(null!, D("2024-11-06"), Midden()));
        Assert.Throws<ArgumentNullException>(() => AttendanceSignalCalculator.Compute([], D("2024-11-06"), null!));
    }
}
