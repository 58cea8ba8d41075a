using System.Text.Json;
using Verzuim.Contracts;
using Verzuim.Host.Privacy;

namespace Verzuim.Host.Messaging;

/// <summary>Thrown for a message that can never succeed; not retried.</summary>
public sealed class InvalidPupilEventException(string message) : Exception(message);

public static class PupilEventValidation
{
    public static void Validate(IPupilEvent message)
    {
        var missing = new List<string>();
        if (message.BerichtId == Guid.Empty) missing.Add("berichtId");
        if (string.IsNullOrWhiteSpace(message.LeerlingId)) missing.Add("leerlingId");
        if (string.IsNullOrWhiteSpace(message.SchoolId)) missing.Add("schoolId");
        if (message.Tijdstip == default) missing.Add("tijdstip");
        if (missing.Count > 0)
            throw new InvalidPupilEventException($"{message.GetType().Name} mist verplichte velden: {string.Join(", ", missing)}.");
        // every text field, the pupil id included: never a BSN, never a diagnosis
        foreach (var property in message.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)))
            if (FreeTextGuard.Refusal(JsonNamingPolicy.CamelCase.ConvertName(property.Name), (string?)property.GetValue(message)) is { } refusal)
                throw new InvalidPupilEventException($"{message.GetType().Name}: {refusal}");
    }
}
