using KdGan.Models.Kdgan;

namespace KdGan.Models.Experiments;

/// <summary>
/// An experiment as the catalog lists it: its name, how to load it, its augmentation under <see cref="Augment.Auto"/>,
/// and the paper's numbers for the tables (none where the paper has no such experiment).
/// </summary>
/// <param name="Load">Loads the data from a folder (null = the experiment's default source); throws
/// <see cref="Data.DataNotFoundException"/> or <see cref="Data.DataFormatException"/> naming the files.</param>
/// <param name="PaperAccuracy">The published test accuracy (%) of C per method and train size.</param>
/// <param name="PaperAlphaBeta">The paper's best (alpha, beta) for a train size, used by `kdgan reproduce` unless given.</param>
public sealed record ExperimentEntry(
    string Name, string Summary, Augment AutoAugment, Func<string?, IExperiment> Load,
    IReadOnlyDictionary<Method, IReadOnlyDictionary<int, double>> PaperAccuracy, Func<int, (float Alpha, float Beta)> PaperAlphaBeta)
{
    /// <summary>The published accuracy of <paramref name="method"/> at <paramref name="trainSize"/>, if there is one.</summary>
    public double? Paper(Method method, int trainSize) =>
        PaperAccuracy.TryGetValue(method, out var bySize) && bySize.TryGetValue(trainSize, out var v) ? v : null;
}
