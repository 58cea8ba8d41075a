using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Verzuim.Cases.Attendance;

/// <summary>
/// Numbers about one pupil's attendance on one day, computed by <see cref="AttendanceSignalCalculator"/>.
/// They carry no thresholds: the BPMN models hold those as readable conditions over the <c>signalen</c>
/// variable (e.g. <c>signalen.ziekmeldingen12Schoolweken &gt;= 4 || signalen.ziekSchooldagenAaneengesloten &gt;= 7</c>),
/// so a process owner can change a threshold without a release. Each property names the seed it serves.
/// "Day" counts count a date once however many registrations it holds; hours and minutes add up.
/// Registrations on days without school (weekend, holiday, study day) are not absence and count nowhere.
/// </summary>
public sealed record AttendanceSignals
{
    /// <summary>
    /// Sick reports (first day of a sickness episode) in the last 60 school days = 12 school weeks.
    /// MAZL: "4e ziekmelding in 12 weken" (Apeldoorn 003, Ichthus 002), "4x in 12 schoolweken" (Groningen 004).
    /// </summary>
    [JsonPropertyName("ziekmeldingen12Schoolweken")]
    public required int Ziekmeldingen12Schoolweken { get; init; }

    /// <summary>Sick reports in the last 2 calendar months. Ichthus (002): "3e ziekmelding in twee maanden".</summary>
    [JsonPropertyName("ziekmeldingen2Maanden")]
    public required int Ziekmeldingen2Maanden { get; init; }

    /// <summary>Sick reports in the last 3 calendar months. Twente (001): "3e ziekmelding in 3 maanden".</summary>
    [JsonPropertyName("ziekmeldingen3Maanden")]
    public required int Ziekmeldingen3Maanden { get; init; }

    /// <summary>
    /// Consecutive sick school days up to the last school day on or before the peildatum.
    /// MAZL "7e schooldag aaneengesloten ziek" (002, 003, 004); Ichthus (002) "ziektedag 4" and "ziektedag 6".
    /// </summary>
    [JsonPropertyName("ziekSchooldagenAaneengesloten")]
    public required int ZiekSchooldagenAaneengesloten { get; init; }

    /// <summary>
    /// Calendar days from the first day of the current sickness episode to the peildatum, both inclusive;
    /// 0 when not currently sick. Twente (001): "&gt; 2 weken" ziek; Apeldoorn (003): "langer dan vier weken".
    /// </summary>
    [JsonPropertyName("ziekKalenderdagenAaneengesloten")]
    public required int ZiekKalenderdagenAaneengesloten { get; init; }

    /// <summary>
    /// Unexcused hours in the last 20 school days = 4 school weeks: the legal relatief-verzuim rule,
    /// "16 uur in 4 weken" (Twente 001, Ichthus 002 "vier opeenvolgende lesweken", Apeldoorn 003, Groningen 004).
    /// </summary>
    [JsonPropertyName("ongeoorloofdUren4Schoolweken")]
    public required decimal OngeoorloofdUren4Schoolweken { get; init; }

    /// <summary>
    /// <see cref="OngeoorloofdUren4Schoolweken"/> plus lateness minutes / 60 in the same window. Groningen (004,
    /// steps 3b/4b) counts "onbekend afwezig/ te laat (zonder reden)" toward "≥ 16 uur in 4 weken";
    /// Apeldoorn (003) and Ichthus (002) count unexcused hours only, so both numbers are offered.
    /// </summary>
    [JsonPropertyName("relatiefVerzuimUren4Schoolweken")]
    public required decimal RelatiefVerzuimUren4Schoolweken { get; init; }

    /// <summary>Consecutive unexcused school days. Seed 000: "3 dagen achtereen ongeoorloofd": TL reports to DUO.</summary>
    [JsonPropertyName("ongeoorloofdDagenAaneengesloten")]
    public required int OngeoorloofdDagenAaneengesloten { get; init; }

    /// <summary>
    /// Calendar days from the first day of the current unexcused run to the peildatum, both inclusive; 0 when the
    /// last school day was not unexcused. Langdurig relatief verzuim: "aaneengesloten minimaal 28 kalenderdagen"
    /// (Ichthus 002), "vier weken of langer" (Twente 001, Groningen 004 note 8).
    /// </summary>
    [JsonPropertyName("ongeoorloofdKalenderdagenAaneengesloten")]
    public required int OngeoorloofdKalenderdagenAaneengesloten { get; init; }

    /// <summary>
    /// Days with unexcused absence in the current school year. The "keer" ladders: seed 000 (1e..5e keer),
    /// Ichthus 002 (3/6/9 keer spijbelen; 18+: 3 keer leads to deregistration).
    /// </summary>
    [JsonPropertyName("ongeoorloofdAantal")]
    public required int OngeoorloofdAantal { get; init; }

    /// <summary>
    /// Days with unexcused absence in the current school year that are the last school day before, or the first
    /// after, a school holiday. Groningen (004, note 8): "direct voor of na de schoolvakantie afwezig zonder
    /// geldige reden" is a legal DUO criterion on its own.
    /// </summary>
    [JsonPropertyName("ongeoorloofdRondVakantieAantal")]
    public required int OngeoorloofdRondVakantieAantal { get; init; }

    /// <summary>Days late in the current school year. Twente (001): 5x / 10x / &gt;10x; Ichthus (002): 3/6/9 keer.</summary>
    [JsonPropertyName("teLaatAantal")]
    public required int TeLaatAantal { get; init; }

    /// <summary>Minutes late in the current school year.</summary>
    [JsonPropertyName("teLaatMinuten")]
    public required int TeLaatMinuten { get; init; }

    /// <summary>
    /// Minutes late on the 10th and later late day of the school year. Ichthus (002): "meer dan 9 keer te laat:
    /// de minuten worden geteld, bij 50 minuten ... omgezet naar een SP" (spijbelen).
    /// </summary>
    [JsonPropertyName("teLaatMinutenNa9eKeer")]
    public required int TeLaatMinutenNa9eKeer { get; init; }

    /// <summary>Days of luxe verzuim in the current school year; any is reportable (001, 002, 003).</summary>
    [JsonPropertyName("luxeAantal")]
    public required int LuxeAantal { get; init; }

    /// <summary>
    /// Consecutive school days absent with a reason (sick or other excused). Seed 000: "na 3 dagen achtereen
    /// verzuim" (geoorloofd) the mentor contacts home.
    /// </summary>
    [JsonPropertyName("geoorloofdDagenAaneengesloten")]
    public required int GeoorloofdDagenAaneengesloten { get; init; }

    /// <summary>
    /// Sick and excused hours in the last 20 school days. Seed 000: the school reports excused absence of
    /// "gedurende 4 lesweken meer dan 1/8 deel van de lestijd"; the lesson time per week is the school's, so the
    /// model holds the 1/8 figure (e.g. 25 lesuren a week: 100 / 8 = 12.5).
    /// </summary>
    [JsonPropertyName("geoorloofdUren4Schoolweken")]
    public required decimal GeoorloofdUren4Schoolweken { get; init; }

    /// <summary>
    /// Lesson hours missed in the current school year, all kinds but lateness (late minutes are no lesson
    /// missed). Seed 000's lesson blocks 1-50 / 50-70 / &gt;70: one lesblok is one registered lesuur, i.e. 1 in
    /// <see cref="AttendanceEntry.Uren"/>. School systems (SOMtoday, Magister) register absence per lesson and
    /// the message's hours are those lessons; the ledger has no timetable to convert further, so a school with
    /// double blocks must scale the threshold in its model.
    /// </summary>
    [JsonPropertyName("verzuimdeLesuren")]
    public required decimal VerzuimdeLesuren { get; init; }

    /// <summary>
    /// Like <see cref="VerzuimdeLesuren"/> but sick and excused hours only: seed 000 places the lesson-block
    /// ladder under "Stappen bij Geoorloofd verzuim", where unexcused hours have their own ladder.
    /// </summary>
    [JsonPropertyName("geoorloofdeLesuren")]
    public required decimal GeoorloofdeLesuren { get; init; }

    /// <summary>The signals as the <c>signalen</c> case variable, keys as in the models' conditions.</summary>
    public JsonObject ToJson() => new()
    {
        ["ziekmeldingen12Schoolweken"] = Ziekmeldingen12Schoolweken,
        ["ziekmeldingen2Maanden"] = Ziekmeldingen2Maanden,
        ["ziekmeldingen3Maanden"] = Ziekmeldingen3Maanden,
        ["ziekSchooldagenAaneengesloten"] = ZiekSchooldagenAaneengesloten,
        ["ziekKalenderdagenAaneengesloten"] = ZiekKalenderdagenAaneengesloten,
        ["ongeoorloofdUren4Schoolweken"] = OngeoorloofdUren4Schoolweken,
        ["relatiefVerzuimUren4Schoolweken"] = RelatiefVerzuimUren4Schoolweken,
        ["ongeoorloofdDagenAaneengesloten"] = OngeoorloofdDagenAaneengesloten,
        ["ongeoorloofdKalenderdagenAaneengesloten"] = OngeoorloofdKalenderdagenAaneengesloten,
        ["ongeoorloofdAantal"] = OngeoorloofdAantal,
        ["ongeoorloofdRondVakantieAantal"] = OngeoorloofdRondVakantieAantal,
        ["teLaatAantal"] = TeLaatAantal,
        ["teLaatMinuten"] = TeLaatMinuten,
        ["teLaatMinutenNa9eKeer"] = TeLaatMinutenNa9eKeer,
        ["luxeAantal"] = LuxeAantal,
        ["geoorloofdDagenAaneengesloten"] = GeoorloofdDagenAaneengesloten,
        ["geoorloofdUren4Schoolweken"] = GeoorloofdUren4Schoolweken,
        ["verzuimdeLesuren"] = VerzuimdeLesuren,
        ["geoorloofdeLesuren"] = GeoorloofdeLesuren,
    };
}
