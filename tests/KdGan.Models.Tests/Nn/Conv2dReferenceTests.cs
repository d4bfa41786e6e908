using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Nn;

/// <summary>
/// The forward pass of the <see cref="Conv2d"/> module (im2col + GEMM underneath) against the definition of a
/// cross-correlation written as seven nested loops, written once and run on every backend by a thin subclass.
/// </summary>
public abstract class Conv2dReferenceSuite
{
    protected abstract Device Target { get; }

    /// <summary>
    /// y[n, o, i, j] = b[o] + sum_c sum_u sum_v x[n, c, s i + u - p, s j + v - p] w[o, c, u, v], with x = 0 outside
    /// the image (zero padding); output side (H + 2p - k) / s + 1, rounded down.
    /// </summary>
    public static double[] Conv2dReference(float[] x, int n, int cin, int h, int w, float[] weight, int cout, int k, float[]? bias, int stride, int pad)
    {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        var y = new double[n * cout * oh * ow];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < cout; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = bias is null ? 0 : bias[o];
                        for (int c = 0; c < cin; c++)
                            for (int u = 0; u < k; u++)
                                for (int v = 0; v < k; v++)
                                {
                                    int r = stride * i + u - pad, q = stride * j + v - pad;
                                    if (r < 0 || r >= h || q < 0 || q >= w) continue;
                                    s += (double)x[((b * cin + c) * h + r) * w + q] * weight[((o * cin + c) * k + u) * k + v];
                                }
                        y[((b * cout + o) * oh + i) * ow + j] = s;
                    }
        return y;
    }

    [Theory]
    [InlineData(2, 2, 5, 7, 3, 3, 1, 0, true)]
    [InlineData(2, 2, 5, 7, 3, 3, 1, 1, true)]
    [InlineData(2, 2, 5, 7, 3, 3, 1, 2, true)]
    [InlineData(2, 2, 5, 7, 3, 3, 2, 0, true)]
    [InlineData(2, 2, 5, 7, 3, 3, 2, 1, true)]
    [InlineData(3, 1, 7, 5, 2, 5, 2, 2, true)]
    [InlineData(2, 3, 5, 5, 2, 2, 2, 1, false)]
    public void ForwardMatchesTheNestedLoopDefinition(int n, int cin, int h, int w, int cout, int k, int stride, int pad, bool bias)
    {
        using var conv = new Conv2d(cin, cout, k, new Generator(7), stride, pad, bias, Target);
        var xv = SeededData.Floats(n * cin * h * w, seed: 11);
        using var x = new Variable(Tensor.FromArray(xv, [n, cin, h, w], Target));
        using var y = conv.Forward(x);

        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        Assert.Equal(new Shape(n, cout, oh, ow), y.Shape);
        Assert.Equal(Target, y.Device);
        var expected = Conv2dReference(xv, n, cin, h, w, conv.Weight.ToArray(), cout, k, conv.Bias?.ToArray(), stride, pad);
        Tolerance.AssertClose(expected, y.ToArray(), atol: 1e-5, rtol: 1e-4, $"conv2d {n}x{cin}x{h}x{w} k{k} s{stride} p{pad} bias {bias} on {Target}");
    }

    [Fact]
    public void TheAutogradOpAgreesWithTheReferenceForGivenWeights()
    {
        // Hand-picked weights through Variable.Conv2d directly: an identity-plus-shift filter on a 1x1x3x4 ramp.
        float[] xv = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        float[] wv = [0, 0, 0, 0, 1, 0, 0, 0, 2]; // y = x[i, j] + 2 x[i + 1, j + 1]
        using var x = new Variable(Tensor.FromArray(xv, [1, 1, 3, 4], Target));
        using var wt = new Variable(Tensor.FromArray(wv, [1, 1, 3, 3], Target));
        using var b = new Variable(Tensor.FromArray([0.5f], [1], Target));
        using var y = Variable.Conv2d(x, wt, b, stride: 1, padding: 1);
        double[] byHand = [1 + 12 + .5, 2 + 14 + .5, 3 + 16 + .5, 4 + .5, 5 + 20 + .5, 6 + 22 + .5, 7 + 24 + .5, 8 + .5, 9 + .5, 10 + .5, 11 + .5, 12 + .5];
        Assert.Equal(byHand, Conv2dReference(xv, 1, 1, 3, 4, wv, 1, 3, [0.5f], 1, 1));
        Tolerance.AssertClose(byHand, y.ToArray(), 1e-5, 1e-6, $"hand-computed conv2d on {Target}");
    }
}

public sealed class CpuConv2dReferenceTests : Conv2dReferenceSuite
{
    protected override Device Target => Device.Cpu;
}

/// <summary>The same checks on ILGPU's CPU accelerator (the GPU im2col kernels); tiny shapes, it runs one thread per GPU thread.</summary>
public sealed class IlgpuConv2dReferenceTests : Conv2dReferenceSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}
