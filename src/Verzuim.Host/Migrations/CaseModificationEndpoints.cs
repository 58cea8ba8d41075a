using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Host.Privacy;
using Verzuim.Workflows.Management;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Migrations;

public sealed record MoveRequest(string? Van, string? Naar, string? Reden);

/// <summary>Case modification for the beheerder: a stuck case's token moved to another element, with the reason, audited.</summary>
public static class CaseModificationEndpoints
{
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapCaseModification(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cases/{id:guid}/verplaatsen", async (Guid id, MoveRequest body, WorkflowEngine engine, ICaseQueries cases, Caller caller,
            AuditLog audit, CancellationToken ct) =>
        {
            var from = Required(body.Van, "van");
            var to = Required(body.Naar, "naar");
            var reason = Required(body.Reden, "reden");
            if (reason.Length > MaxReasonLength)
                throw new BadHttpRequestException($"De reden is {reason.Length} tekens; hooguit {MaxReasonLength}.", StatusCodes.Status400BadRequest);
            if (FreeTextGuard.Refusal("reden", reason) is { } refusal) throw new FreeTextRefusedException(refusal);
            var record = await cases.CaseAsync(id, CaseScope.Everywhere, ct) ?? throw new KeyNotFoundException($"Zaak {id} bestaat niet.");
            await engine.MoveTokenAsync(id, from, to, reason, caller.UserName, ct);
            await audit.WriteAsync(AuditLog.CaseTokenMoved, id, record.SchoolId, $"{from} → {to}: {reason}", ct);
            return Results.Ok(new { zaak = id, van = from, naar = to, actief = await cases.ActiveElementsAsync(id, ct) });
        }).RequireAuthorization(Policies.Incidents).WithTags("Zaakwijziging")
            .WithSummary("Beheerder: het token op 'van' naar 'naar' (zelfde bereik) verplaatsen, met reden; de taak en termijnen van 'van' vervallen, 'naar' start");
        return app;
    }

    private static string Required(string? value, string field) => string.IsNullOrWhiteSpace(value)
        ? throw new BadHttpRequestException($"Het veld '{field}' ontbreekt.", StatusCodes.Status400BadRequest)
        : value.Trim();
}
