using KdGan.Tensors;
using static KdGan.Autograd.Tests.Inputs;

namespace KdGan.Autograd.Tests;

/// <summary>Finite-difference checks of the layer Functions (convolution, pooling, Gumbel-softmax).</summary>
public class LayerGradCheckTests
{
    private static void Check(string name, Func<Variable[], Variable> f, params Tensor[] inputs)
    {
        try { GradCheck.Assert(name, f, inputs); }
        finally { foreach (var t in inputs) t.Dispose(); }
    }

    [Fact] public void Conv2dWithBias() => Check("conv2d 3x3 pad 1", v => Variable.Conv2d(v[0], v[1], v[2], 1, 1), Away([2, 2, 5, 4], 1), Away([3, 2, 3, 3], 2), Away([3], 3));
    [Fact] public void Conv2dStridedNoBias() => Check("conv2d 3x3 stride 2", v => Variable.Conv2d(v[0], v[1], null, 2, 0), Away([1, 3, 7, 6], 1), Away([2, 3, 3, 3], 2));
    [Fact] public void Conv2dLeNetShape() => Check("conv2d 5x5 pad 2", v => Variable.Conv2d(v[0], v[1], v[2], 1, 2), Away([1, 1, 6, 6], 1), Away([2, 1, 5, 5], 2), Away([2], 3));
    [Fact] public void MaxPool() => Check("maxpool 2x2", v => v[0].MaxPool2d(2), Distinct([1, 2, 4, 6], 1));
    [Fact] public void MaxPoolOverlapping() => Check("maxpool 3x3 stride 2 pad 1", v => v[0].MaxPool2d(3, 2, 1), Distinct([1, 1, 7, 5], 2));
    [Fact] public void AvgPool() => Check("avgpool 3x3 stride 2 pad 1", v => v[0].AvgPool2d(3, 2, 1), Away([2, 1, 5, 6], 1));
    [Fact] public void GumbelSoftmaxSoft() => Check("gumbel-softmax tau 0.7", v => v[0].GumbelSoftmax(0.7f, hard: false, seed: 5, offset: 2), Away([4, 6], 1));

    [Fact]
    public void GumbelSoftmaxHardIsOneHotForwardAndSoftBackward()
    {
        using var z = new Variable(Tensor.Randn([5, 7], seed: 3), requiresGrad: true);
        using var w = Tensor.Randn([5, 7], seed: 4);
        using var hard = z.GumbelSoftmax(0.5f, hard: true, seed: 8, offset: 0);
        var rows = hard.ToArray().Chunk(7).ToArray();
        Assert.All(rows, r => { Assert.Equal(1f, r.Sum()); Assert.Equal(6, r.Count(v => v == 0f)); });
        hard.Backward(w);
        var hardGrad = z.Grad!.ToArray();
        z.ZeroGrad();
        using var soft = z.GumbelSoftmax(0.5f, hard: false, seed: 8, offset: 0);
        // The hard sample is the argmax of the soft one drawn with the same noise.
        var softRows = soft.ToArray().Chunk(7).ToArray();
        for (int r = 0; r < 5; r++) Assert.Equal(Array.IndexOf(softRows[r], softRows[r].Max()), Array.IndexOf(rows[r], 1f));
        soft.Backward(w);
        Assert.Equal(z.Grad!.ToArray(), hardGrad);
    }
}
