using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using KdGan.Models.Experiments;
using KdGan.Models.Kdgan;

namespace KdGan.Runner.Cli;

/// <summary>A command-line flag for one configuration key (<see cref="ExperimentConfig.Keys"/>).</summary>
public sealed record ConfigOption(string Flag, string Key, string HelpName, string Description);

/// <summary>
/// The one option table: every configuration key as a flag, shared by `train`, `reproduce` and the commands to come.
/// Values are parsed here by the key's type (integers, numbers, names matched in any case); the defaults and the lists
/// of allowed names in the help come from <see cref="ExperimentConfig"/> and the catalogs, never from a copy.
/// </summary>
public static class ConfigOptions
{
    public static readonly IReadOnlyList<ConfigOption> All =
    [
        new("experiment", "experiment", "NAME", "the experiment"),
        new("method", "method", "NAME", "KDGAN or one of its baselines"),
        new("protocol", "protocol", "NAME", "fair (ours: one budget, validation selection) or authors (a replay of their MNIST code; sets the other keys it fixes unless given)"),
        new("train-size", "trainSize", "N", "labelled training examples (the paper's n)"),
        new("validation-size", "validationSize", "N", "validation examples, for model selection (0: no validation split, the last evaluation is selected)"),
        new("seed", "seed", "S", "seed of the splits, the initialisation and every random stream"),
        new("device", "device", "DEVICE", "where to train (auto: the GPU when one can train, else the CPU)"),
        new("data-dir", "dataDir", "DIR", "folder with the experiment's data files (default: docs/data.md)"),
        new("mode", "mode", "NAME", "how the generators get gradients through sampled labels"),
        new("alpha", "alpha", "A", "weight of C's adversarial term; T's is 1 - alpha (KDGAN)"),
        new("beta", "beta", "B", "weight of C's distillation towards T (KDGAN)"),
        new("gamma", "gamma", "G", "weight of T's distillation towards C (KDGAN)"),
        new("distill", "distill", "NAME", "the distillation loss L_ds (KDGAN, CODIS)"),
        new("temperature", "temperature", "T", "softmax temperature of L_ds = kl and of DISTN"),
        new("distn-weight", "distnWeight", "P", "DISTN's soft-loss weight p"),
        new("codis-weight", "codisWeight", "W", "CODIS's weight of each model's distillation term"),
        new("batch-size", "batchSize", "B", "batch size (0 = the paper's: 10 / 50 / 100 for 100 / 1,000 / 10,000 labels)"),
        new("lr", "learningRate", "LR", "Adam's learning rate in pretraining and for every baseline"),
        new("gan-lr", "ganLearningRate", "LR", "T's learning rate in the game (0 = --lr)"),
        new("c-gan-lr", "cGanLearningRate", "LR", "C's learning rate in the game (0 = the method's: 1e-3 KDGAN, 1e-4 NaGAN)"),
        new("d-gan-lr", "dGanLearningRate", "LR", "D's learning rate in the game (0 = --gan-lr)"),
        new("pretrain-epochs", "pretrainEpochs", "E", "pretraining epochs (the baselines train C for pretrain + main epochs)"),
        new("epochs", "epochs", "E", "main epochs"),
        new("d-passes", "dPasses", "K", "passes of D per game epoch"),
        new("t-passes", "tPasses", "K", "passes of T per game epoch"),
        new("c-passes", "cPasses", "K", "passes of C per game epoch"),
        new("d-negatives", "dNegatives", "K", "labels sampled per example from each generator for a D step"),
        new("d-sampler", "dSampler", "NAME", "how D's pairs are drawn: balanced (1 true : sampled, equal weight), authors (5 true : 20 sampled), soft (NaGAN's soft targets)"),
        new("weight-decay", "weightDecay", "S", "L2 coefficient: s * 0.5 * sum w^2 on T's and D's weights, and on C in the game"),
        new("teacher-finetune-passes", "teacherFinetunePasses", "K", "passes of T's cross-entropy on augmented data before MIMIC, DISTN or NOISY distil it"),
        new("reward-samples", "rewardSamples", "K", "labels sampled per example in reward mode"),
        new("tau-start", "tauStart", "TAU", "Gumbel-softmax temperature in the first game epoch"),
        new("tau-end", "tauEnd", "TAU", "Gumbel-softmax temperature in the last game epoch"),
        new("augment", "augment", "WHEN", "training augmentation: all passes, main phase only, off, or the experiment's choice (auto)"),
        new("student-dropout", "studentDropout", "P", "dropout rate of C"),
        new("teacher-dropout", "teacherDropout", "P", "dropout rate of T and D"),
        new("teacher-text", "teacherText", "NAME", "tag experiments: how T reads the privileged text (lstm: the paper's appendix; mean: the authors' code, mean of word embeddings)"),
        new("tag-min-digits", "tagMinDigits", "K", "MNIST-Tags: fewest digits in a post's image"),
        new("tag-max-digits", "tagMaxDigits", "K", "MNIST-Tags: most digits in a post's image"),
        new("text-drop", "textDrop", "P", "MNIST-Tags: probability that a digit's word is missing from the text"),
        new("text-swap", "textSwap", "P", "MNIST-Tags: probability that a digit's word is replaced by another digit's"),
        new("text-fillers", "textFillers", "K", "MNIST-Tags: most filler words in a text"),
        new("derived-tags", "derivedTags", "BOOL", "MNIST-Tags: also tag posts even / odd after their digits' parity"),
        new("resnet-depth", "resnetDepth", "D", "CIFAR-10: depth of T's ResNet, 6k + 2"),
        new("out", "outDir", "DIR", "folder of the run folders"),
        new("cache-dir", "cacheDir", "DIR", "folder of pretrained T and D shared between runs (\"\" = none)"),
    ];

    private static readonly Dictionary<string, PropertyInfo> s_properties = typeof(ExperimentConfig).GetProperties()
        .Where(p => p.CanWrite).ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

    /// <summary>Adds the table's options to <paramref name="command"/>, except those of <paramref name="ownedKeys"/> (the command sets them).</summary>
    public static BoundOptions AddTo(Command command, IReadOnlyCollection<string> ownedKeys, IReadOnlyDictionary<string, string>? ownFlags = null)
    {
        var defaults = new ExperimentConfig();
        var bound = new List<(ConfigOption, Option<string>)>();
        foreach (var entry in All.Where(e => !ownedKeys.Contains(e.Key)))
        {
            var option = new Option<string>("--" + entry.Flag) { HelpName = entry.HelpName, Description = Describe(entry, defaults) };
            command.Options.Add(option);
            bound.Add((entry, option));
        }
        return new BoundOptions(command.Name, bound, ownFlags ?? new Dictionary<string, string>());
    }

    /// <summary>The table's description, then the allowed names and the default, both read from the code that owns them.</summary>
    private static string Describe(ConfigOption entry, ExperimentConfig defaults)
    {
        var p = s_properties[entry.Key];
        string? values = entry.Key switch
        {
            "experiment" => Names.OneOf(ExperimentCatalog.Names),
            "device" => Tensors.Devices.Names,
            _ when p.PropertyType.IsEnum => Names.OneOf(Names.All(p.PropertyType)),
            _ => null,
        };
        return $"{entry.Description}{(values is null ? "" : $": {values}")} [default: {Show(p.GetValue(defaults))}]";
    }

    /// <summary>A value as a user types it: names in their stored spelling, numbers in the invariant culture.</summary>
    public static string Show(object? value) => value switch
    {
        null => "none",
        Enum e => Names.Of(e),
        bool b => b ? "true" : "false",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        string { Length: 0 } => "\"\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Parses <paramref name="raw"/> as the value of <paramref name="key"/>; the message of a failure names what was expected.</summary>
    public static object? Parse(string key, string raw)
    {
        var type = s_properties[key].PropertyType;
        if (type == typeof(int))
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : throw new FormatException($"expects an integer, got '{Cut(raw)}'.");
        if (type == typeof(float))
            return float.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) ? f : throw new FormatException($"expects a number, got '{Cut(raw)}'.");
        if (type == typeof(bool))
            return bool.TryParse(raw, out bool b) ? b : throw new FormatException($"expects true or false, got '{Cut(raw)}'.");
        if (type.IsEnum)
            return Names.TryParse(type, raw, out var value) ? value : throw new FormatException($"must be {Names.OneOf(Names.All(type))}, got '{Cut(raw)}'.");
        return raw;
    }

    /// <summary>The type of configuration key <paramref name="key"/>'s value.</summary>
    public static Type TypeOf(string key) => s_properties[key].PropertyType;

    public static void Set(ExperimentConfig cfg, string key, object? value) => s_properties[key].SetValue(cfg, value);

    /// <summary>A user's value cut to 80 characters for a message.</summary>
    public static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
