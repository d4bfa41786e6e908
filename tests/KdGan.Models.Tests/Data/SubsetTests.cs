using KdGan.Tensors.Rng;
using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

public class SubsetTests
{
    private static readonly TrainTestSets Data = new("syn", Synthetic.Images(120).All(), Synthetic.Images(20).All());

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(37)]
    public void ClassBalancedTakesEqualCountsPerClass(int n)
    {
        var s = ClassBalanced.Take(Data.Train, n, 7);
        Assert.Equal(n, s.Count);
        var counts = s.ClassCounts();
        Assert.All(counts, c => Assert.InRange(c, n / 10, n / 10 + 1));
        Assert.Equal(n % 10, counts.Count(c => c == n / 10 + 1));
        Assert.Equal(s.Count, s.Indices.Distinct().Count());
    }

    [Fact]
    public void SubsetsAreSeeded()
    {
        var a = ClassBalanced.Take(Data.Train, 100, 1);
        var b = ClassBalanced.Take(Data.Train, 100, 1);
        var c = ClassBalanced.Take(Data.Train, 100, 2);
        Assert.Equal(a.Indices, b.Indices);
        Assert.NotEqual(a.Indices, c.Indices);
    }

    [Fact]
    public void TooFewOfAClassIsAClearError()
    {
        var zeros = Data.Train.Indices.Where(i => Data.Train.Source.Labels[i] == 0).Take(5);
        var view = new DataView(Data.Train.Source, Data.Train.Indices.Where(i => Data.Train.Source.Labels[i] != 0).Concat(zeros).ToArray());
        var e = Assert.Throws<ArgumentException>(() => ClassBalanced.Take(view, 100, 1));
        Assert.Contains("10 examples of class 0", e.Message);
        Assert.Contains("only 5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassBalanced.Take(Data.Train, 1210, 1));
    }

    [Fact]
    public void ExperimentSplitIsDisjointAndBalanced()
    {
        var split = ExperimentSplit.Create(Data, labeled: 100, validation: 200, seed: 3);
        Assert.Equal(100, split.Labeled.Count);
        Assert.Equal(200, split.Validation.Count);
        Assert.Equal(1200 - 300, split.Unlabeled.Count);
        Assert.All(split.Labeled.ClassCounts(), c => Assert.Equal(10, c));
        Assert.All(split.Validation.ClassCounts(), c => Assert.Equal(20, c));
        Assert.Empty(split.Labeled.Indices.Intersect(split.Validation.Indices));
        Assert.Empty(split.Unlabeled.Indices.Intersect(split.Labeled.Indices.Concat(split.Validation.Indices)));
        Assert.Same(Data.Test, split.Test);
        Assert.NotSame(split.Labeled.Source, split.Test.Source);
        // One copy: every view reads the same pixel array.
        Assert.Same(Data.Train.Source.Pixels, split.Labeled.Source.Pixels);
    }

    [Fact]
    public void ValidationDoesNotDependOnNAndSeedsDiffer()
    {
        var a = ExperimentSplit.Create(Data, 100, 200, 5);
        var b = ExperimentSplit.Create(Data, 500, 200, 5);
        var c = ExperimentSplit.Create(Data, 100, 200, 6);
        Assert.Equal(a.Validation.Indices, b.Validation.Indices);
        Assert.NotEqual(a.Validation.Indices, c.Validation.Indices);
        Assert.Equal(a.Labeled.Indices, ExperimentSplit.Create(Data, 100, 200, 5).Labeled.Indices);
    }

    [Fact]
    public void PhiloxRandomIsReproducibleAndUniformEnough()
    {
        var a = new PhiloxRandom(42).Permutation(1000);
        Assert.Equal(a, new PhiloxRandom(42).Permutation(1000));
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        var rng = new PhiloxRandom(1);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[rng.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }
}
