namespace KdGan.Models.Data;

/// <summary>
/// A data set's training and test images. They may be views of two sources (MNIST IDX, Fashion-MNIST,
/// CIFAR-10) or two disjoint views of one source (a generated pool in the tests).
/// </summary>
public sealed record TrainTestSets(string Name, DataView Train, DataView Test)
{
    public int NumClasses => Train.Source.NumClasses;

    public override string ToString() => $"{Name}: {Train.Count} train, {Test.Count} test";
}
