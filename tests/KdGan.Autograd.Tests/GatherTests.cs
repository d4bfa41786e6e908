using KdGan.Tensors;

namespace KdGan.Autograd.Tests;

/// <summary>
/// gather(dim, index) as torch.gather documents it (out[i][j] = input[index[i][j]][j] for dim 0, input[i][index[i][j]]
/// for dim 1; out has index's shape), the one-per-row form, cross_entropy's class axis 1 for rank above 2, and the
/// errors that name what was wrong.
/// </summary>
public sealed class GatherTests
{
    private static Variable V(float[] values, params int[] shape) => new(Tensor.FromArray(values, shape), requiresGrad: true);
    private static Tensor I(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    [Fact]
    public void GatherPicksAlongDimAsTorchGather()
    {
        using var t = V([1, 2, 3, 4], 2, 2);
        using (var i1 = I([0, 0, 1, 0], 2, 2))
        using (var g1 = t.Gather(1, i1))
            Assert.Equal([1f, 1f, 4f, 3f], g1.ToArray()); // PyTorch's own example: [[1, 1], [4, 3]]
        using (var i0 = I([1, 0], 1, 2))
        using (var g0 = t.Gather(0, i0))
        {
            Assert.Equal(new Shape(1, 2), g0.Shape);
            Assert.Equal([3f, 2f], g0.ToArray());
        }
        using (var neg = I([1, 1], 2, 1))
        using (var gn = t.Gather(-1, neg))
            Assert.Equal([2f, 4f], gn.ToArray()); // dim -1 is the last axis; index narrower than the input along dim
    }

    [Fact]
    public void GatherOfARank3ViewMatchesTheLoopByHand()
    {
        var values = Enumerable.Range(0, 24).Select(v => (float)v).ToArray();
        using var x = V(values, 2, 3, 4);
        using var xt = x.Transpose(0, 2); // [4, 3, 2], not contiguous
        var index = new float[] { 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1 }; // [2, 3, 2], along dim 0 of xt (size 4); every third entry becomes 3 below
        for (int i = 0; i < index.Length; i += 3) index[i] = 3;
        using var idx = I(index, 2, 3, 2);
        using var y = xt.Gather(0, idx);
        var got = y.ToArray();
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                for (int c = 0; c < 2; c++)
                {
                    int pick = (int)index[(a * 3 + b) * 2 + c];
                    float expected = values[(c * 3 + b) * 4 + pick]; // xt[pick, b, c] = x[c, b, pick]
                    Assert.Equal(expected, got[(a * 3 + b) * 2 + c]);
                }
    }

    [Fact]
    public void AnElementPickedTwiceGetsBothGradients()
    {
        using var x = V([1, 2, 3, 4, 5, 6], 2, 3);
        using var idx = I([2, 2, 0, 1, 1, 1], 2, 3);
        using var y = x.Gather(1, idx);
        using var s = y.Sum();
        s.Backward();
        Assert.Equal([1f, 0f, 2f, 0f, 3f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void TheOnePerRowFormIsGatherOnTheLastAxisSqueezed()
    {
        using var x = V([1, 2, 3, 4, 5, 6], 2, 3);
        using var y = x.Gather([2, 0]);
        Assert.Equal(new Shape(2), y.Shape);
        Assert.Equal([3f, 4f], y.ToArray());
    }

    [Fact]
    public void BadIndicesNameWhatWasWrong()
    {
        using var x = V([1, 2, 3, 4, 5, 6], 2, 3);
        using var big = I([3, 0], 2, 1);
        Assert.Contains("index 3", Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, big)).Message);
        using var half = I([0.5f, 0], 2, 1);
        Assert.Contains("whole number", Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, half)).Message);
        using var rank1 = I([0, 1], 2);
        Assert.Contains("rank", Assert.Throws<ArgumentException>(() => x.Gather(1, rank1)).Message);
        using var wide = I([0, 0, 0, 0, 0, 0, 0, 0], 2, 4);
        Assert.Contains("along axis 1", Assert.Throws<ArgumentException>(() => x.Gather(0, wide)).Message);
        Assert.Contains("outside [0, 3)", Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather([0, 3])).Message);
    }

    [Fact]
    public void CrossEntropyOfRankAbove2TakesTheClassesOnAxis1()
    {
        // logits [N 2, C 3, d 2]; labels [N 2, d 2]: the loss at (n, k) is -log softmax(z[n, :, k])[y[n, k]].
        float[] z = [2, -1, 0.5f, 0, 1, -2, 0.3f, 0.1f, -0.4f, 1.5f, 0.2f, 0.7f];
        int[] labels = [0, 2, 1, 1];
        using var logits = V(z, 2, 3, 2);
        using var none = Functional.CrossEntropy(logits, labels, Reduction.None);
        Assert.Equal(new Shape(2, 2), none.Shape);
        var got = none.ToArray();
        for (int n = 0; n < 2; n++)
            for (int k = 0; k < 2; k++)
            {
                var row = Enumerable.Range(0, 3).Select(c => (double)z[(n * 3 + c) * 2 + k]).ToArray();
                double expected = Math.Log(row.Sum(Math.Exp)) - row[labels[n * 2 + k]];
                Assert.True(Math.Abs(expected - got[n * 2 + k]) < 1e-5, $"({n}, {k}): {got[n * 2 + k]}, expected {expected}");
            }
        var q = new float[12];
        for (int n = 0; n < 2; n++) for (int k = 0; k < 2; k++) q[(n * 3 + labels[n * 2 + k]) * 2 + k] = 1;
        using var targets = V(q, 2, 3, 2);
        using var viaSoft = Functional.CrossEntropy(logits, targets, reduction: Reduction.None);
        Assert.Equal(got, viaSoft.ToArray()); // one-hot class probabilities on axis 1 give the same terms
    }
}
