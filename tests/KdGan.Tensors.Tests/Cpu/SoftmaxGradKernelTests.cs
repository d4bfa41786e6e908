using KdGan.Testing;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>
/// The fused softmax gradient against a double-precision loop and, bit for bit, against the composition it
/// replaces (g * y, row sum, g - s, y * centred, / T), at every SIMD level and at 1 and 2 threads.
/// </summary>
[Collection("CpuSimd")]
public class SoftmaxGradKernelTests
{
    private static float[] Reference(float[] y, float[] g, int n, float t)
    {
        var dx = new float[y.Length];
        for (int r = 0; r < y.Length / n; r++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += (double)g[r * n + j] * y[r * n + j];
            for (int j = 0; j < n; j++) dx[r * n + j] = (float)(y[r * n + j] * (g[r * n + j] - s) / t);
        }
        return dx;
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void Fused_gradient_equals_the_composition_and_the_reference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        ulong seed = 1;
        foreach (var shape in new[] { new[] { 256, 2000 }, new[] { 3, 7 }, new[] { 5, 33 }, new[] { 2, 3, 17 }, new[] { 4, 1 } })
            foreach (float t in new[] { 1f, 2f, 0.5f })
            {
                using var x = Tensor.Randn(shape, seed: seed++);
                using var y = x.Softmax(t);
                using var g = Tensor.Randn(shape, seed: seed++);
                string what = $"{level} softmax backward [{string.Join(", ", shape)}] T={t}";
                using var composed = SoftmaxGradOps.Composed.Backward(y, g, t);
                var expected = composed.ToArray();
                Tolerance.AssertClose(Reference(y.ToArray(), g.ToArray(), shape[^1], t), expected, 1e-6f, 1e-4f, what + " (composition vs reference)");
                foreach (int threads in new[] { 1, 2 })
                {
                    using var dx = ConvKernelTests.WithThreads(threads, () => SoftmaxGradOps.SoftmaxBackward(y, g, t));
                    Assert.Equal(y.Shape, dx.Shape);
                    ConvKernelTests.AssertSameBits(expected, dx.ToArray(), $"{what} threads={threads}");
                }
            }
    }

    [Fact]
    public void Bad_inputs_are_named()
    {
        using var y = Tensor.Zeros([2, 3]);
        using var g = Tensor.Zeros([2, 4]);
        Assert.Contains("gradient has shape [2, 4]", Assert.Throws<ArgumentException>(() => SoftmaxGradOps.SoftmaxBackward(y, g, 1)).Message);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => SoftmaxGradOps.SoftmaxBackward(y, y, 0)).Message);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => SoftmaxGradOps.SoftmaxBackward(y, y, float.NaN)).Message);
    }
}
