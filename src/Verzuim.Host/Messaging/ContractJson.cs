using System.Text.Json;

namespace Verzuim.Host.Messaging;

/// <summary>Contract JSON as the engine and the models see it: camelCase, enums as their names.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
