using System.Text.Json;

namespace KdGan.Models.Kdgan;

public sealed partial class ExperimentConfig
{
    /// <summary>
    /// Under the authors' protocol, sets every key of <see cref="AuthorsProtocol.Preset"/> for this method and train size
    /// that is not in <paramref name="given"/> (the keys a user set explicitly, on the command line or in a file). Under
    /// the fair protocol it changes nothing. Called once the method and train size are known.
    /// </summary>
    public void ApplyProtocol(IReadOnlySet<string> given)
    {
        if (Protocol != Protocol.Authors) return;
        foreach (var (key, value) in AuthorsProtocol.Preset(Method, TrainSize))
            if (!given.Contains(key))
                typeof(ExperimentConfig).GetProperties().Single(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == key).SetValue(this, value);
    }

    /// <summary>The keys a configuration file sets (a JSON object's property names; none for text that is not one).</summary>
    public static IReadOnlySet<string> KeysIn(string json)
    {
        try { return JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return new HashSet<string>(); }
    }
}
