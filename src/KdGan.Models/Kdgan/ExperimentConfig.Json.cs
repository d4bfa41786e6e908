using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KdGan.Models.Kdgan;

public sealed partial class ExperimentConfig
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new NameConverter<Method>(), new NameConverter<AdversarialMode>(), new NameConverter<DistillLoss>(), new NameConverter<Augment>(), new NameConverter<Protocol>(), new NameConverter<DSampler>() },
    };

    /// <summary>Every configuration key, as config.json spells it, in declaration order.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        typeof(ExperimentConfig).GetProperties().Where(p => p.CanWrite).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray();

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>
    /// A configuration file a user wrote: a missing key means today's default. An unknown key, a value of the wrong type
    /// and a file holding no object fail with a <see cref="ConfigException"/> naming the key.
    /// </summary>
    public static ExperimentConfig FromJson(string json)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (Exception e) when (e is JsonException or ArgumentException)
        { throw new ConfigException("(file)", $"is not valid JSON (a key given twice is refused): {Shorten(e.Message)}"); }
        if (node is null) throw new ConfigException("(file)", "holds null, not a JSON object of configuration keys.");
        if (node is not JsonObject obj) throw new ConfigException("(file)", $"holds a JSON {node.GetValueKind().ToString().ToLowerInvariant()}, not an object of configuration keys.");
        if (obj.Select(kv => kv.Key).FirstOrDefault(k => !Keys.Contains(k)) is { } unknown)
            throw new ConfigException(Shorten(unknown), $"is not a configuration key (known: {string.Join(", ", Keys)}).");
        try
        {
            return obj.Deserialize<ExperimentConfig>(s_json) ?? throw new ConfigException("(file)", "holds null.");
        }
        catch (JsonException e)
        {
            string key = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "(file)";
            throw new ConfigException(key, $"is not valid: {Shorten(e.Message)}");
        }
    }

    /// <summary>
    /// A configuration an earlier run stored (config.json, checkpoint metadata). Keys added since it was written are
    /// missing from it and take the value that reproduces how that run behaved: their default, except where the default
    /// is not what such runs did. Runs from before cGanLearningRate and dGanLearningRate existed moved C and D at
    /// ganLearningRate. Earlier versions also wrote effectiveBatchSize, which is derived, not a key: it is dropped.
    /// </summary>
    public static ExperimentConfig FromStoredJson(string json)
    {
        var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                   ?? throw new ConfigException("(file)", "holds no JSON object.");
        node.Remove("effectiveBatchSize");
        var cfg = FromJson(node.ToJsonString());
        float gan = cfg.AdversarialLearningRate(Training.Role.Teacher); // ganLearningRate, else learningRate
        if (!node.ContainsKey("cGanLearningRate")) cfg.CGanLearningRate = gan;
        if (!node.ContainsKey("dGanLearningRate")) cfg.DGanLearningRate = gan;
        return cfg;
    }

    public ExperimentConfig Clone() => FromJson(ToJson());

    /// <summary>"key this -> other" for every key whose value differs, in key order; empty when none does.</summary>
    public IReadOnlyList<string> Differences(ExperimentConfig other)
    {
        var (a, b) = (JsonNode.Parse(ToJson())!.AsObject(), JsonNode.Parse(other.ToJson())!.AsObject());
        return Keys.Where(k => !JsonNode.DeepEquals(a[k], b[k]))
            .Select(k => $"{k} {a[k]?.ToJsonString() ?? "null"} -> {b[k]?.ToJsonString() ?? "null"}").ToList();
    }

    /// <summary>A message cut to 200 characters: a huge value must not become a huge line.</summary>
    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "...";

    /// <summary>Enum values as <see cref="Names"/> spells them; read in any case; a bad one names the known values.</summary>
    private sealed class NameConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? s = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (Names.TryParse(s, out T value)) return value;
            throw new JsonException($"expected {Names.OneOf(Names.All<T>())}, got {(s is null ? reader.TokenType.ToString().ToLowerInvariant() : $"'{Shorten(s)}'")}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Names.Of(value));
    }
}
