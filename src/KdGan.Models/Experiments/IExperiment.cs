using KdGan.Models.Data;
using KdGan.Models.Kdgan;
using KdGan.Models.Nn;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Experiments;

/// <summary>
/// What an experiment supplies to the trainer, once its data are loaded: the splits of a run, the three networks and
/// what each one sees (through its batches, <see cref="IExampleBatch.Input"/>), and its metric. Nothing in the trainer
/// knows more about the data than this.
/// </summary>
public interface IExperiment
{
    /// <summary>The catalog entry: name, paper numbers, auto augmentation.</summary>
    ExperimentEntry Entry { get; }

    /// <summary>"MNIST: 60000 train, 10000 test": for logs.</summary>
    string Description { get; }

    /// <summary>Training examples available for the labelled and validation splits together.</summary>
    int TrainingPool { get; }

    /// <summary>
    /// The disjoint splits of one run: <paramref name="labeled"/> training examples, <paramref name="validation"/> for
    /// model selection, and the test set; with <paramref name="lastLabeled"/> the labelled ones are the last training
    /// examples (the authors' protocol), else a class-balanced seeded subset. Throws <see cref="ConfigException"/> (key
    /// trainSize) when they cannot be made.
    /// </summary>
    RunData Split(int labeled, int validation, ulong seed, bool lastLabeled = false);

    /// <summary>The network of <paramref name="role"/>, initialised from <paramref name="init"/>, on <paramref name="device"/>.</summary>
    Sequential Network(Role role, ExperimentConfig cfg, Generator init, Generator dropout, Device device);

    /// <summary>The name of each class, by index.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>How a classifier is scored on validation and test (higher is better).</summary>
    IMetric Metric { get; }
}

/// <summary>
/// The batches of one run's splits. <see cref="LabeledAugmented"/> is <see cref="Labeled"/> with the experiment's
/// training augmentation. <see cref="Fingerprint"/> identifies the data they hold (a checksum of the examples and the
/// split), so that nothing trained on other data is ever taken for them (the pretraining cache is keyed by it).
/// </summary>
public sealed record RunData(
    IBatchSource<IExampleBatch> Labeled, IBatchSource<IExampleBatch> LabeledAugmented,
    IBatchSource<IExampleBatch> Validation, IBatchSource<IExampleBatch> Test, string Description, string Fingerprint);

/// <summary>
/// A score of a player's network over a split (accuracy for classification, P@3 for tag ranking): the one that selects
/// models and fills a run's curve, and, where the experiment reports several (the ranking metrics), all of them.
/// </summary>
public interface IMetric
{
    /// <summary>"accuracy".</summary>
    string Name { get; }

    double Evaluate(Sequential net, Role role, IBatchSource<IExampleBatch> data, Device device);

    /// <summary>Every score this metric reports, <see cref="Name"/> first (one for accuracy).</summary>
    IReadOnlyList<string> AllNames => [Name];

    /// <summary>The scores of <see cref="AllNames"/>, by name.</summary>
    IReadOnlyDictionary<string, double> EvaluateAll(Sequential net, Role role, IBatchSource<IExampleBatch> data, Device device) =>
        new Dictionary<string, double> { [Name] = Evaluate(net, role, data, device) };
}
