using System.Text.Json;
using System.Text.Json.Nodes;
using Verzuim.Contracts;
using Verzuim.Host.Audit;
using Verzuim.Host.Auth;
using Verzuim.Workflows.Runtime;

namespace Verzuim.Host.Messaging;

/// <summary>For systems without RabbitMQ: the same contract JSON, posted over HTTP, handled exactly like a queued message.</summary>
public static class MessageEndpoints
{
    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages/{name}", async (string name, JsonObject body, PupilEventHandler handler, AuditLog audit, CancellationToken ct) =>
        {
            if (!MessageNames.Inbound.Contains(name, StringComparer.Ordinal) || !MessageNames.Types.TryGetValue(name, out var type))
                throw new KeyNotFoundException($"'{name}' is geen inkomend bericht; bekend: {string.Join(", ", MessageNames.Inbound)}.");
            IPupilEvent message;
            try { message = (IPupilEvent)(body.Deserialize(type, ContractJson.Options) ?? throw new JsonException("leeg bericht")); }
            catch (JsonException e) { throw new InvalidPupilEventException($"{name} past niet op het contract: {e.Message}"); }
            var result = await handler.HandleAsync(message, ct);
            await audit.WriteAsync(AuditLog.MessagePosted, result.InstanceIds.Count == 1 ? result.InstanceIds[0] : null, message.SchoolId,
                $"{name} {message.BerichtId}: {result.Outcome}", ct);
            return Results.Accepted(value: new
            {
                berichtId = message.BerichtId,
                uitkomst = result.Outcome.ToString(),
                zaken = result.InstanceIds,
            });
        }).RequireAuthorization(Policies.Messages).WithTags("Berichten")
          .WithSummary("Een inkomend bericht plaatsen (zelfde JSON als op RabbitMQ)");
        return app;
    }
}
