using KdGan.Tensors.Rng;
using KdGan.Models.Data;
using KdGan.Models.Experiments.Tags;
using KdGan.Models.Kdgan;

namespace KdGan.Models.Tests.Tags;

/// <summary>
/// A tiny generated tag data set for the tests: posts of 1 to 3 of five tags, whose 8 float features are the sum of
/// their tags' prototypes plus noise (what C sees) and whose text names the tags, with a filler word (what T reads too).
/// </summary>
public static class TinyPosts
{
    public static readonly string[] TagNames = ["red", "green", "blue", "cyan", "gold"];

    public static TagDataset Make(string name, int count, ulong seed)
    {
        const int features = 8;
        var rng = new PhiloxRandom(seed);
        var prototypes = Enumerable.Range(0, TagNames.Length * features).Select(i => (float)Math.Sin(i * 1.7)).ToArray();
        var floats = new float[count * features];
        var ids = new string[count];
        var texts = new string[count];
        var tags = new string[count][];
        for (int n = 0; n < count; n++)
        {
            var chosen = Enumerable.Range(0, 1 + rng.NextInt(3)).Select(_ => rng.NextInt(TagNames.Length)).Distinct().ToArray();
            for (int j = 0; j < features; j++)
                floats[n * features + j] = chosen.Sum(t => prototypes[t * features + j]) * 0.5f + 0.8f * (rng.NextFloat() - 0.5f);
            ids[n] = $"{name}-{n}";
            tags[n] = chosen.Select(t => TagNames[t]).ToArray();
            texts[n] = string.Join(' ', chosen.Select(t => TagNames[t]).Append(rng.NextInt(2) == 0 ? "photo" : "my"));
        }
        return new TagDataset(name, [features], null, floats, ids, texts, tags);
    }

    /// <summary>The "tags" experiment over 240 training and 60 test posts.</summary>
    public static TagExperiment Experiment() =>
        new(TagExperiments.Yfcc, Make("tiny-train", 240, 1), Make("tiny-test", 60, 2), maxTags: 10, maxTextLength: 6);

    public static ExperimentConfig Config(Method method, AdversarialMode mode, string outDir) => new()
    {
        Experiment = "tags", Method = method, Mode = mode, TrainSize = 60, ValidationSize = 40, Seed = 2, BatchSize = 20,
        PretrainEpochs = 2, Epochs = 2, DNegatives = 2, RewardSamples = 2, OutDir = outDir, CacheDir = "",
    };
}
