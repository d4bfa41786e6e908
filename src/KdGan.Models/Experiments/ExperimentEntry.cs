using KdGan.Models.Kdgan;

namespace KdGan.Models.Experiments;

/// <summary>
/// An experiment as the catalog lists it: its name, how to load it, its augmentation under <see cref="Augment.Auto"/>,
/// and the paper's numbers for the tables (none where the paper has no such experiment).
/// </summary>
/// <param name="Load">Loads the data of a run's configuration (from its dataDir; null = the experiment's default source,
/// and the experiment's own <see cref="Keys"/>); throws
/// <see cref="Data.DataNotFoundException"/> or <see cref="Data.DataFormatException"/> naming the files.</param>
/// <param name="PaperAccuracy">The published test accuracy (%) of C per method and train size.</param>
/// <param name="PaperAlphaBeta">The paper's best (alpha, beta) for a train size, used by `kdgan reproduce` unless given.</param>
public sealed record ExperimentEntry(
    string Name, string Summary, Augment AutoAugment, Func<ExperimentConfig, IExperiment> Load,
    IReadOnlyDictionary<Method, IReadOnlyDictionary<int, double>> PaperAccuracy, Func<int, (float Alpha, float Beta)> PaperAlphaBeta)
{
    /// <summary>The configuration keys only this experiment reads (the data set's own knobs), beyond every method's.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>
    /// The experiment's defaults for a train size (key -> value), set on every configuration key not given explicitly
    /// (<see cref="ExperimentConfig.ApplyPresets"/>); none by default.
    /// </summary>
    public Func<int, IReadOnlyDictionary<string, object>>? Presets { get; init; }

    /// <summary>The train sizes `kdgan reproduce` runs when --sizes is not given.</summary>
    public IReadOnlyList<int> DefaultSizes { get; init; } = [100, 1000];

    /// <summary>The published accuracy of <paramref name="method"/> at <paramref name="trainSize"/>, if there is one.</summary>
    public double? Paper(Method method, int trainSize) =>
        PaperAccuracy.TryGetValue(method, out var bySize) && bySize.TryGetValue(trainSize, out var v) ? v : null;
}
