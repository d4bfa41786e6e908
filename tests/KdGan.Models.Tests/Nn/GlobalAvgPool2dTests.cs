using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Nn;

/// <summary><see cref="GlobalAvgPool2d"/> against y[n, c] = (1 / HW) sum_i sum_j x[n, c, i, j], on every backend.</summary>
public abstract class GlobalAvgPool2dSuite
{
    protected abstract Device Target { get; }

    [Theory]
    [InlineData(2, 3, 5, 7)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 2, 4, 1)]
    public void AveragesEachChannelOverItsImage(int n, int c, int h, int w)
    {
        var xv = SeededData.Floats(n * c * h * w, seed: 21);
        using var x = new Variable(Tensor.FromArray(xv, [n, c, h, w], Target), requiresGrad: true);
        using var y = new GlobalAvgPool2d().Forward(x);
        Assert.Equal(new Shape(n, c), y.Shape);
        var expected = new double[n * c];
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
            {
                double s = 0;
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++) s += xv[((b * c + ch) * h + i) * w + j];
                expected[b * c + ch] = s / (h * w);
            }
        Tolerance.AssertClose(expected, y.ToArray(), 1e-6, 1e-5, $"global average pool {n}x{c}x{h}x{w} on {Target}");

        // Each input gets 1 / HW of its channel's upstream gradient.
        var gv = SeededData.Floats(n * c, seed: 22);
        using var g = Tensor.FromArray(gv, [n, c], Target);
        y.Backward(g);
        var expectedGrad = new double[xv.Length];
        for (int i = 0; i < xv.Length; i++) expectedGrad[i] = gv[i / (h * w)] / (double)(h * w);
        Tolerance.AssertClose(expectedGrad, x.Grad!.ToArray(), 1e-7, 1e-5, "global average pool gradient");
    }

    [Fact]
    public void RejectsInputsThatAreNotFourDimensional()
    {
        using var x = new Variable(Tensor.Zeros([2, 3, 4], Target));
        Assert.Contains("[N, C, H, W]", Assert.Throws<ArgumentException>(() => new GlobalAvgPool2d().Forward(x)).Message);
    }
}

public sealed class CpuGlobalAvgPool2dTests : GlobalAvgPool2dSuite
{
    protected override Device Target => Device.Cpu;
}

public sealed class IlgpuGlobalAvgPool2dTests : GlobalAvgPool2dSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}
