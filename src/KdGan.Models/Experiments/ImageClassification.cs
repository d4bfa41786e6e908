using KdGan.Models.Data;
using KdGan.Models.Kdgan;
using KdGan.Models.Nn;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Experiments;

/// <summary>
/// A labelled-image experiment over a train/test pair of image sets: the validation and labelled subsets are
/// class-balanced and seeded (<see cref="ExperimentSplit.Create"/>), every player sees the image, and the networks come
/// from <paramref name="networks"/>. <paramref name="augmentation"/> makes the training transforms, and
/// <paramref name="evaluation"/> the transforms of every other batch (CIFAR's per-image standardisation; none by default),
/// which also follow the training ones.
/// </summary>
public sealed class ImageClassification(
    ExperimentEntry entry, TrainTestSets data, Func<IImageTransform[]> augmentation,
    Func<Role, ExperimentConfig, Generator, Generator, Device, Sequential> networks,
    Func<DataView, IImageTransform[], IBatchSource<IExampleBatch>>? batches = null, Func<IImageTransform[]>? evaluation = null) : IExperiment
{
    private readonly Func<IImageTransform[]> _evaluation = evaluation ?? (() => []);

    private readonly Func<DataView, IImageTransform[], IBatchSource<IExampleBatch>> _batches = batches ?? ((v, t) => new ImageBatchSource(v, t));

    public ExperimentEntry Entry => entry;
    public TrainTestSets Data => data;
    public string Description => data.ToString();
    public int TrainingPool => data.Train.Count;
    public IMetric Metric => Accuracy.Instance;
    public IReadOnlyList<string> ClassNames => data.Train.Source.ClassNames;

    public RunData Split(int labeled, int validation, ulong seed, bool lastLabeled = false)
    {
        if (labeled + validation > data.Train.Count)
            throw new ConfigException("trainSize", $"{labeled} + validationSize {validation} exceed the {data.Train.Count} training examples of {data.Name}.");
        ExperimentSplit split;
        try { split = lastLabeled ? ExperimentSplit.CreateLast(data, labeled, validation, seed) : ExperimentSplit.Create(data, labeled, validation, seed); }
        catch (ArgumentException e) { throw new ConfigException("trainSize", $"{labeled} with validationSize {validation} cannot be split: {e.Message}"); }
        return new RunData(_batches(split.Labeled, _evaluation()), _batches(split.Labeled, augmentation()), _batches(split.Validation, _evaluation()), _batches(split.Test, _evaluation()),
            (lastLabeled ? "the last " : "") + split, DataFingerprint.Of(split.Labeled, split.Validation));
    }

    public Sequential Network(Role role, ExperimentConfig cfg, Generator init, Generator dropout, Device device) =>
        networks(role, cfg, init, dropout, device);
}
