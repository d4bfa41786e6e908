using System.Text.Json;
using System.Text.Json.Serialization;

namespace KdGan.Models.Kdgan;

public sealed partial class ExperimentConfig
{
    /// <summary>
    /// Sets every key that is not in <paramref name="given"/> (the keys a user set explicitly, on the command line or in a
    /// file) to the experiment's per-n default (<see cref="Experiments.ExperimentEntry.Presets"/>), then, under the
    /// authors' protocol, to <see cref="AuthorsProtocol.Preset"/> for this method and train size. Under the fair protocol
    /// of an experiment without presets it changes nothing. Called once the method and train size are known.
    /// </summary>
    public void ApplyPresets(IReadOnlySet<string> given)
    {
        var presets = Experiments.ExperimentCatalog.Find(Experiment)?.Presets?.Invoke(TrainSize) ?? new Dictionary<string, object>();
        var protocol = Protocol == Protocol.Authors ? AuthorsProtocol.Preset(Method, TrainSize) : new Dictionary<string, object>();
        foreach (var (key, value) in presets.Concat(protocol))
            if (!given.Contains(key))
                typeof(ExperimentConfig).GetProperties().Single(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == key).SetValue(this, value);
    }

    /// <summary>
    /// Whether C's pretraining is one cached unit, as T's and D's are (the authors' protocol: their C is pretrained once
    /// for every method, its best-test state kept), rather than epochs the run trains and records one by one.
    /// </summary>
    [JsonIgnore] public bool PretrainsCAsCachedUnit => Protocol == Protocol.Authors && PretrainEpochs > 0;

    /// <summary>The rows pretraining adds to a run's curve: one per epoch, or one for a cached pretrained C.</summary>
    [JsonIgnore] public int PretrainCurveRows => PretrainsCAsCachedUnit ? 1 : PretrainEpochs;

    /// <summary>The keys a configuration file sets (a JSON object's property names; none for text that is not one).</summary>
    public static IReadOnlySet<string> KeysIn(string json)
    {
        try { return JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return new HashSet<string>(); }
    }
}
