using KdGan.Models.Data;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Data;

/// <summary>The installed data sets (scripts/setup-data.sh); skipped with the reason shown when absent.</summary>
public class RealDataTests
{
    [RequiresMnistFact]
    public void MnistIsTheOfficialSixtyThousandAndTenThousand()
    {
        var sets = Mnist.Load();
        Assert.Equal(Mnist.OfficialName, sets.Name);
        Assert.Equal(60_000, sets.Train.Count);
        Assert.Equal(10_000, sets.Test.Count);
        Assert.Equal((1, 28, 28), (sets.Train.Source.Channels, sets.Train.Source.Height, sets.Train.Source.Width));
        // The official class counts (LeCun et al.).
        Assert.Equal(new[] { 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949 }, sets.Train.ClassCounts());
        Assert.Equal(new[] { 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009 }, sets.Test.ClassCounts());
        // The first training labels of the official file: 5, 0, 4, 1, 9.
        Assert.Equal(new[] { 5, 0, 4, 1, 9 }, Enumerable.Range(0, 5).Select(sets.Train.Label));
        var split = ExperimentSplit.Create(sets, labeled: 100, validation: 1_000, seed: 1);
        Assert.All(split.Labeled.ClassCounts(), c => Assert.Equal(10, c));
        Assert.Empty(split.Labeled.Indices.Intersect(split.Validation.Indices));
        Assert.NotSame(split.Labeled.Source, split.Test.Source);

        var loader = new DataLoader<ImageBatch>(new ImageBatchSource(sets.Test, Augmentations.MnistTrain()), 500, 1);
        int n = 0;
        foreach (var b in loader.Epoch(0))
            using (b)
            {
                Assert.Equal(new Shape(b.Count, 1, 28, 28), b.Images.Shape);
                n += b.Count;
            }
        Assert.Equal(10_000, n);
        var (train, test) = MnistTags.Create(sets, 500, 100, seed: 1);
        Assert.Equal(500, train.Count);
        Assert.Equal(100, test.Count);
    }

    [RequiresFashionMnistFact]
    public void FashionMnistHasSeventyThousandImages()
    {
        var sets = FashionMnist.Load();
        Assert.Equal(60_000, sets.Train.Count);
        Assert.Equal(10_000, sets.Test.Count);
        Assert.Equal(70_000, sets.Train.Count + sets.Test.Count);
        Assert.All(sets.Train.ClassCounts(), c => Assert.Equal(6_000, c));
        Assert.All(sets.Test.ClassCounts(), c => Assert.Equal(1_000, c));
        Assert.Equal((1, 28, 28), (sets.Train.Source.Channels, sets.Train.Source.Height, sets.Train.Source.Width));
        Assert.Equal("Ankle boot", sets.Train.Source.ClassNames[9]);
        var split = ExperimentSplit.Create(sets, labeled: 1_000, validation: 5_000, seed: 2);
        Assert.All(split.Labeled.ClassCounts(), c => Assert.Equal(100, c));
        Assert.NotSame(split.Labeled.Source, split.Test.Source);
    }
}
