using KdGan.Tensors;
using static KdGan.Autograd.Tests.Inputs;

namespace KdGan.Autograd.Tests;

/// <summary>
/// Finite-difference checks of the layer Functions (convolution, pooling, Gumbel-softmax), written once and run
/// on every backend by a subclass naming the device (see <see cref="GradCheckSuite"/>).
/// </summary>
public abstract class LayerGradCheckSuite : DeviceGradCheck
{
    [Fact] public void Conv2dWithBias() => Check("conv2d 3x3 pad 1, batch 2", v => Variable.Conv2d(v[0], v[1], v[2], 1, 1), Away([2, 1, 3, 3], 1), Away([2, 1, 3, 3], 2), Away([2], 3));
    [Fact] public void Conv2dStridedNoBias() => Check("conv2d 3x3 stride 2, 2 channels", v => Variable.Conv2d(v[0], v[1], null, 2, 0), Away([1, 2, 5, 3], 1), Away([1, 2, 3, 3], 2));
    [Fact] public void Conv2dLeNetShape() => Check("conv2d 5x5 pad 2", v => Variable.Conv2d(v[0], v[1], v[2], 1, 2), Away([1, 1, 3, 3], 1), Away([1, 1, 5, 5], 2), Away([1], 3));
    [Fact] public void MaxPool() => Check("maxpool 2x2", v => v[0].MaxPool2d(2), Distinct([1, 2, 4, 6], 1));
    [Fact] public void MaxPoolOverlapping() => Check("maxpool 3x3 stride 2 pad 1", v => v[0].MaxPool2d(3, 2, 1), Distinct([1, 1, 7, 5], 2));
    [Fact] public void AvgPool() => Check("avgpool 3x3 stride 2 pad 1", v => v[0].AvgPool2d(3, 2, 1), Away([2, 1, 5, 6], 1));
    [Fact] public void BatchNormConvShaped() => Check("batch norm [3, 2, 2, 3]", BatchNorm, Away([3, 2, 2, 3], 1), Away([2], 2), Away([2], 3));
    [Fact] public void BatchNormFlat() => Check("batch norm [5, 3]", BatchNorm, Away([5, 3], 4), Away([3], 5), Away([3], 6));
    [Fact] public void GumbelSoftmaxSoft() => Check("gumbel-softmax tau 0.7", v => v[0].GumbelSoftmax(0.7f, hard: false, seed: 5, offset: 2), Away([4, 6], 1));

    [Fact]
    public void GumbelSoftmaxHardIsOneHotForwardAndSoftBackward()
    {
        using var z = new Variable(Tensor.Randn([5, 7], seed: 3, device: Target), requiresGrad: true);
        using var w = Tensor.Randn([5, 7], seed: 4, device: Target);
        using var hard = z.GumbelSoftmax(0.5f, hard: true, seed: 8, offset: 0);
        Assert.Equal(Target, hard.Data.Device);
        var rows = hard.ToArray().Chunk(7).ToArray();
        Assert.All(rows, r => { Assert.Equal(1f, r.Sum()); Assert.Equal(6, r.Count(v => v == 0f)); });
        hard.Backward(w);
        Assert.Equal(Target, z.Grad!.Device);
        var hardGrad = z.Grad!.ToArray();
        z.ZeroGrad();
        using var soft = z.GumbelSoftmax(0.5f, hard: false, seed: 8, offset: 0);
        // The hard sample is the argmax of the soft one drawn with the same noise.
        var softRows = soft.ToArray().Chunk(7).ToArray();
        for (int r = 0; r < 5; r++) Assert.Equal(Array.IndexOf(softRows[r], softRows[r].Max()), Array.IndexOf(rows[r], 1f));
        soft.Backward(w);
        Assert.Equal(z.Grad!.ToArray(), hardGrad);
    }
    /// <summary>Training-mode batch norm's output (the batch statistics beside it are not differentiated).</summary>
    private static Variable BatchNorm(Variable[] v)
    {
        var (y, mean, variance) = Variable.BatchNorm(v[0], v[1], v[2], 1e-3f);
        mean.Dispose();
        variance.Dispose();
        return y;
    }
}

/// <summary>The layer suite on the CPU backend, plus larger convolutions than the accelerator can afford.</summary>
public sealed class CpuLayerGradCheckTests : LayerGradCheckSuite
{
    protected override Device Target => Device.Cpu;

    [Fact] public void Conv2dMultiChannel() => Check("conv2d 3x3 pad 1, 2 -> 3 channels", v => Variable.Conv2d(v[0], v[1], v[2], 1, 1), Away([2, 2, 5, 4], 1), Away([3, 2, 3, 3], 2), Away([3], 3));
    [Fact] public void Conv2dStridedThreeChannels() => Check("conv2d 3x3 stride 2, 3 channels", v => Variable.Conv2d(v[0], v[1], null, 2, 0), Away([1, 3, 7, 6], 1), Away([2, 3, 3, 3], 2));
    [Fact] public void Conv2dLeNetShapeTwoFilters() => Check("conv2d 5x5 pad 2, 2 filters", v => Variable.Conv2d(v[0], v[1], v[2], 1, 2), Away([1, 1, 6, 6], 1), Away([2, 1, 5, 5], 2), Away([2], 3));
}
