using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Verzuim.Host.Messaging;

/// <summary>
/// Reads <see cref="JsonNode"/>s (a task form, a scenario) refusing a property name that occurs twice in one object as
/// malformed JSON. The built-in reader keeps both and throws <see cref="ArgumentException"/> later, when the object is
/// first read (a 500), or at once with <c>AllowDuplicateProperties = false</c> but still not as a <see cref="JsonException"/>.
/// </summary>
public sealed class UniqueNamesJsonNodeConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(JsonNode).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : JsonNode
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            RefuseDuplicates(document.RootElement, "$");
            return JsonNode.Parse(document.RootElement.GetRawText()) switch
            {
                T node => node,
                null => null,
                var other => throw new JsonException($"verwacht een {Kind(typeof(T))}, niet een {Kind(other.GetType())}"),
            };
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => value.WriteTo(writer, options);

        private static string Kind(Type type) => type == typeof(JsonArray) ? "lijst" : type == typeof(JsonObject) ? "object" : "waarde";
    }

    private static void RefuseDuplicates(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                        throw new JsonException($"de naam '{property.Name}' staat twee keer in hetzelfde object", $"{path}.{property.Name}", null, null);
                    RefuseDuplicates(property.Value, $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) RefuseDuplicates(item, $"{path}[{i++}]");
                break;
        }
    }
}
