using KdGan.Models.Experiments.Cifar;
using KdGan.Models.Experiments.MnistLike;
using KdGan.Models.Experiments.Privileged;
using KdGan.Models.Experiments.Tags;

namespace KdGan.Models.Experiments;

/// <summary>The experiments the trainer and `kdgan reproduce` know, by name (matched in any case).</summary>
public static class ExperimentCatalog
{
    public static readonly IReadOnlyList<ExperimentEntry> All = [MnistExperiments.Mnist, MnistExperiments.FashionMnist, CifarExperiment.Entry, TagExperiments.MnistTags, TagExperiments.Yfcc, PrivilegedToy.Entry];

    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    public static ExperimentEntry? Find(string? name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
