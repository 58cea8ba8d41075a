using Verzuim.Workflows.Migration;
using Verzuim.Workflows.Stores;

namespace Verzuim.Host.Migrations;

/// <summary>
/// A plan as the studio sends it: the target version (default: the latest published one), the mappings (default: the
/// proposed ones) and timer rules chosen by hand.
/// </summary>
public record PlanRequest(Guid? Naar, IReadOnlyList<MappingDto>? Mappings, IReadOnlyList<TimerRuleDto>? Timerregels);

public sealed record MappingDto(string Van, string Naar);

/// <summary>Regel: verstrekenSchooltijd, verstrekenTijd, vasteDatum or vervaldatumBlijft.</summary>
public sealed record TimerRuleDto(string Element, string Regel);

/// <summary>Which cases: these ids, or every open case of the source version, optionally of one school and one step.</summary>
public sealed record SelectionDto(IReadOnlyList<Guid>? Zaken, bool? Alle, string? School, string? Stap);

public sealed record PreviewRequest(Guid? Naar, IReadOnlyList<MappingDto>? Mappings, IReadOnlyList<TimerRuleDto>? Timerregels, SelectionDto? Selectie)
    : PlanRequest(Naar, Mappings, Timerregels);

public sealed record RetryRequest(IReadOnlyList<Guid>? Zaken);

public sealed record VersionRef(Guid Id, int Versie);

public sealed record PlanView(string ProcessId, VersionRef Bron, VersionRef Doel, bool Geldig, IReadOnlyList<ProblemView> Problemen,
    IReadOnlyList<MappingView> Mappings, IReadOnlyList<ElementView> NietGemapt, IReadOnlyList<ElementView> NieuwInDoel,
    IReadOnlyList<TimerPlanView> Timers, int LopendeZaken);

public sealed record ProblemView(string Element, string Regel, string Melding)
{
    public static ProblemView From(MigrationProblem p) => new(p.ElementId, p.Rule, p.Message);
}

public sealed record MappingView(string Van, string? VanNaam, string Naar, string? NaarNaam, string Soort);

public sealed record ElementView(string Id, string? Naam, string Soort);

public sealed record TimerPlanView(string Van, string Naar, string? Was, string? Wordt, string Regel, bool Taaktermijn, string Toelichting);

public sealed record CasePreviewView(Guid Zaak, string? School, string? Stap, int VanVersie, int NaarVersie, bool KanMigreren,
    IReadOnlyList<ProblemView> Problemen, IReadOnlyList<ActiveView> Actief, IReadOnlyList<TimerChangeView> Timers, IReadOnlyList<TaskChangeView> Taken);

public sealed record ActiveView(string Van, string Naar, string? Naam);

public sealed record TimerChangeView(string? Van, string? Naar, DateTimeOffset? Was, DateTimeOffset? Wordt, string? Regel, string Toelichting);

public sealed record TaskChangeView(Guid Taak, string Van, string Naar, string? GeclaimdDoor, DateTimeOffset? Was, DateTimeOffset? Wordt);

public sealed record BatchView(Guid Id, string ProcessId, Guid Bron, Guid Doel, string Selectie, string Status, string GestartDoor, DateTimeOffset GestartOp,
    string? GewijzigdDoor, DateTimeOffset BijgewerktOp, ProgressView Voortgang, IReadOnlyList<BatchCaseView>? Zaken);

public sealed record ProgressView(int Totaal, int Gemigreerd, int Mislukt, int Wachtend);

public sealed record BatchCaseView(Guid Zaak, string Status, int Pogingen, string? Fout, DateTimeOffset? KlaarOp);

/// <summary>The Dutch names the API uses for engine values.</summary>
public static class MigrationNames
{
    public static string Of(TimerRule rule) => rule switch
    {
        TimerRule.ElapsedSchoolTime => "verstrekenSchooltijd",
        TimerRule.ElapsedClockTime => "verstrekenTijd",
        TimerRule.FixedDate => "vasteDatum",
        _ => "vervaldatumBlijft",
    };

    public static TimerRule RuleOf(string element, string? name) => name switch
    {
        "verstrekenSchooltijd" => TimerRule.ElapsedSchoolTime,
        "verstrekenTijd" => TimerRule.ElapsedClockTime,
        "vasteDatum" => TimerRule.FixedDate,
        "vervaldatumBlijft" => TimerRule.KeepDueDate,
        _ => throw new BadHttpRequestException(
            $"Timerregel '{name}' voor '{element}' bestaat niet; kies verstrekenSchooltijd, verstrekenTijd, vasteDatum of vervaldatumBlijft.", StatusCodes.Status400BadRequest),
    };

    public static string Of(MigrationBatchStatus status) => status switch
    {
        MigrationBatchStatus.Running => "Lopend",
        MigrationBatchStatus.Paused => "Gepauzeerd",
        MigrationBatchStatus.Cancelled => "Geannuleerd",
        _ => "Afgerond",
    };

    public static string Of(MigrationCaseStatus status) => status switch
    {
        MigrationCaseStatus.Pending => "Wachtend",
        MigrationCaseStatus.Migrated => "Gemigreerd",
        MigrationCaseStatus.Failed => "Mislukt",
        _ => "Overgeslagen",
    };
}
