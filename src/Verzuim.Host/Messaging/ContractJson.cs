using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Contract JSON as the engine and the models see it: camelCase, enums as their names (integers are accepted too),
/// no property name twice in one object.
/// One set of rules for every transport: <see cref="Configure"/> is applied to the HTTP API's options and to
/// MassTransit's, so a non-.NET sender can write <c>"soort":"Ziek"</c> on RabbitMQ as on HTTP.
/// </summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        // {"schoolId":"X","schoolId":"Y"}: which one counts differs between readers (and JsonObject threw on it: a 500),
        // so a body or message with a name twice is malformed JSON (400 / the error queue)
        options.AllowDuplicateProperties = false;
        if (!options.Converters.OfType<UniqueNamesJsonNodeConverter>().Any()) options.Converters.Add(new UniqueNamesJsonNodeConverter());
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
            options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: true));
        return options;
    }
}
