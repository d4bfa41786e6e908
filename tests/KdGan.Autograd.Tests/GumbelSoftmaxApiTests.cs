using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Autograd.Tests;

/// <summary>
/// Gumbel-softmax as PyTorch's gumbel_softmax takes it: over any dim, and with its noise given. The fused seeded
/// sample equals the composed one fed the same stream's noise; hard is the straight-through one-hot.
/// </summary>
public sealed class GumbelSoftmaxApiTests
{
    private static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f + 1e-5f * Math.Abs(expected[i]), $"{what}: element {i} is {actual[i]}, expected {expected[i]}");
    }

    [Fact]
    public void TheFusedSeededSampleIsTheComposedOneFedTheSameNoise()
    {
        using var z = new Variable(Tensor.Randn([5, 7], seed: 3), requiresGrad: true);
        using var noise = Tensor.Random([5, 7], RandomDistribution.Gumbel, seed: 11, offset: 4);
        using var fused = z.GumbelSoftmax(0.7f, hard: false, seed: 11, offset: 4);
        using var given = z.GumbelSoftmax(noise, 0.7f);
        Close(given.ToArray(), fused.ToArray(), "fused against given noise");
        using var w = Tensor.Randn([5, 7], seed: 5);
        fused.Backward(w);
        var fusedGrad = z.Grad!.ToArray();
        z.ZeroGrad();
        given.Backward(w);
        Close(z.Grad!.ToArray(), fusedGrad, "gradients");
    }

    [Fact]
    public void AnotherDimIsTheLastAxisOpOnTheTransposedLogits()
    {
        using var z = new Variable(Tensor.Randn([4, 3, 6], seed: 7), requiresGrad: true);
        using var y = z.GumbelSoftmax(0.5f, hard: false, seed: 2, offset: 0, dim: 0);
        Assert.Equal(z.Shape, y.Shape);
        using var moved = z.Transpose(0, 2);
        using var yLast = moved.GumbelSoftmax(0.5f, hard: false, seed: 2, offset: 0);
        using var back = yLast.Transpose(0, 2);
        Assert.Equal(back.ToArray(), y.ToArray());
        // Each slice along dim 0 sums to one.
        using var sums = y.Data.Sum(0);
        Assert.All(sums.ToArray(), v => Assert.True(Math.Abs(v - 1f) < 1e-5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => z.GumbelSoftmax(0.5f, false, 2, 0, dim: 3));
    }

    [Fact]
    public void HardWithGivenNoiseIsOneHotForwardAndTheSoftGradientBackward()
    {
        using var z = new Variable(Tensor.Randn([3, 5], seed: 1), requiresGrad: true);
        using var noise = Tensor.Random([3, 5], RandomDistribution.Gumbel, seed: 9);
        using var hard = z.GumbelSoftmax(noise, 0.5f, hard: true);
        foreach (var row in hard.ToArray().Chunk(5))
        {
            Assert.Equal(1, row.Count(v => Math.Abs(v - 1f) < 1e-6f));
            Assert.Equal(4, row.Count(v => Math.Abs(v) < 1e-6f));
        }
        using var w = Tensor.Randn([3, 5], seed: 2);
        hard.Backward(w);
        var hardGrad = z.Grad!.ToArray();
        z.ZeroGrad();
        using var soft = z.GumbelSoftmax(noise, 0.5f);
        soft.Backward(w);
        Assert.Equal(z.Grad!.ToArray(), hardGrad);
        using var wrong = Tensor.Zeros([3, 4]);
        Assert.Contains("noise [3, 4] and logits [3, 5] differ", Assert.Throws<ArgumentException>(() => z.GumbelSoftmax(wrong, 0.5f)).Message);
    }
}
