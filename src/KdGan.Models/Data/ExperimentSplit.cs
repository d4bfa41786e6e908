using KdGan.Tensors.Rng;
namespace KdGan.Models.Data;

/// <summary>
/// The data of one run: <see cref="Labeled"/> (the paper's n labelled training examples),
/// <see cref="Validation"/> (for model selection, which the paper lacked), <see cref="Unlabeled"/>
/// (the rest of the training data) and <see cref="Test"/>. All four are disjoint. The paper takes the
/// last n MNIST training images; we take a class-balanced seeded subset instead.
/// </summary>
public sealed record ExperimentSplit(DataView Labeled, DataView Validation, DataView Unlabeled, DataView Test)
{
    /// <summary>
    /// Carves the validation set first (class-balanced, seed stream "validation"), then the labelled
    /// subset from what is left (class-balanced, stream "labeled"). The validation set therefore does
    /// not depend on <paramref name="labeled"/>: runs with n = 100 and n = 1,000 of one seed select on the
    /// same validation examples.
    /// </summary>
    public static ExperimentSplit Create(TrainTestSets data, int labeled, int validation, ulong seed)
    {
        var val = ClassBalanced.Take(data.Train, validation, PhiloxRandom.Mix(seed, Streams.Validation));
        var rest = data.Train.Except(val);
        var lab = ClassBalanced.Take(rest, labeled, PhiloxRandom.Mix(seed, Streams.Labeled));
        return new ExperimentSplit(lab, val, rest.Except(lab), data.Test);
    }

    /// <summary>
    /// The authors' split: the <b>last</b> <paramref name="labeled"/> training examples are labelled (their
    /// data_utils.py), and the validation set (which their code lacks) is carved class-balanced from the others.
    /// </summary>
    public static ExperimentSplit CreateLast(TrainTestSets data, int labeled, int validation, ulong seed)
    {
        var indices = data.Train.Indices;
        if (labeled > indices.Count) throw new ArgumentException($"{labeled} labelled examples asked of {indices.Count}.");
        var lab = new DataView(data.Train.Source, indices.Skip(indices.Count - labeled).ToArray());
        var rest = data.Train.Except(lab);
        var val = ClassBalanced.Take(rest, validation, PhiloxRandom.Mix(seed, Streams.Validation));
        return new ExperimentSplit(lab, val, rest.Except(val), data.Test);
    }

    private static class Streams
    {
        public const ulong Validation = 0x76616C;  // "val"
        public const ulong Labeled = 0x6C6162;     // "lab"
    }

    public override string ToString() =>
        $"{Labeled.Count} labelled, {Validation.Count} validation, {Unlabeled.Count} unlabelled, {Test.Count} test";
}
