using KdGan.Testing;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>
/// The fused CPU convolution kernels against the direct-loop reference and, bit for bit, against the composition
/// they replace (im2col, one GEMM per image, col2im), at every SIMD level and at 1 and 2 threads.
/// </summary>
[Collection("CpuSimd")]
public class ConvKernelTests
{
    /// <summary>N, C, H, W, O, kernel, stride, padding: LeNet's layers, odd sizes, strides, no padding, one image.</summary>
    public static readonly int[][] Cases =
    [
        [64, 32, 14, 14, 64, 5, 1, 2], [9, 1, 28, 28, 32, 5, 1, 2], [3, 2, 7, 9, 5, 3, 2, 1], [5, 3, 8, 8, 16, 3, 1, 0],
        [17, 4, 10, 11, 12, 5, 2, 2], [1, 3, 6, 6, 8, 3, 1, 1], [2, 300, 3, 3, 9, 3, 1, 1], [2, 2, 5, 37, 7, 3, 1, 1],
    ];

    /// <summary>Multiply-adds of a case; the direct-loop reference runs only on the small ones.</summary>
    internal static long Work(int[] c)
    {
        long oh = (c[2] + 2 * c[7] - c[5]) / c[6] + 1, ow = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
        return (long)c[0] * c[4] * oh * ow * c[1] * c[5] * c[5];
    }

    internal const long ReferenceWorkLimit = 4_000_000;

    internal static void AssertSameBits(float[] expected, float[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]) && !(expected[i] == 0 && actual[i] == 0))
                Assert.Fail($"{context}: element {i} is {actual[i]}, the composition gives {expected[i]}");
    }

    internal static T WithThreads<T>(int threads, Func<T> f)
    {
        int saved = CpuThreads.Count;
        CpuThreads.Count = threads;
        try { return f(); }
        finally { CpuThreads.Count = saved; }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void Forward_equals_the_composition_and_the_reference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        int seed = 1;
        foreach (var c in Cases)
            foreach (bool bias in new[] { true, false })
            {
                using var x = Tensor.Randn([c[0], c[1], c[2], c[3]], seed: (ulong)seed++);
                using var w = Tensor.Randn([c[4], c[1], c[5], c[5]], seed: (ulong)seed++);
                using var b = Tensor.Randn([c[4]], seed: (ulong)seed++);
                var bb = bias ? b : null;
                string what = $"{level} conv {string.Join("x", c)} bias={bias}";
                using var composed = ConvOps.Composed.Forward(x, w, bb, c[6], c[7]);
                var expected = composed.ToArray();
                if (Work(c) <= ReferenceWorkLimit)
                    Tolerance.AssertClose(ReferenceLayerOps.Conv2d(x, w, bb, c[6], c[7]), expected, 1e-3f, 1e-4f, what + " (composition vs reference)");
                foreach (int threads in new[] { 1, 2 })
                {
                    using var y = WithThreads(threads, () => ConvOps.Conv2d(x, w, bb, c[6], c[7]));
                    Assert.Equal(composed.Shape, y.Shape);
                    AssertSameBits(expected, y.ToArray(), $"{what} threads={threads}");
                }
            }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void Backward_equals_the_composition_and_the_reference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        int seed = 100;
        foreach (var c in Cases)
        {
            using var x = Tensor.Randn([c[0], c[1], c[2], c[3]], seed: (ulong)seed++);
            using var w = Tensor.Randn([c[4], c[1], c[5], c[5]], seed: (ulong)seed++);
            using var y = ConvOps.Composed.Forward(x, w, null, c[6], c[7]);
            using var dy = Tensor.Randn(y.Shape.ToArray(), seed: (ulong)seed++);
            string what = $"{level} conv backward {string.Join("x", c)}";
            using var dxComposed = ConvOps.Composed.InputGrad(dy, x.Shape, w, c[6], c[7]);
            using var dwComposed = ConvOps.Composed.WeightGrad(dy, x, w.Shape, c[6], c[7]);
            if (Work(c) <= ReferenceWorkLimit)
            {
                var (dxRef, dwRef) = ReferenceLayerOps.Conv2dBackward(dy, x, w, c[6], c[7]);
                Tolerance.AssertClose(dxRef, dxComposed.ToArray(), 1e-3f, 1e-4f, what + " dx (composition vs reference)");
                Tolerance.AssertClose(dwRef, dwComposed.ToArray(), 1e-3f, 1e-4f, what + " dw (composition vs reference)");
            }
            foreach (int threads in new[] { 1, 2 })
            {
                var (dx, dw) = WithThreads(threads, () => ConvOps.Conv2dBackward(dy, x, w, c[6], c[7], inputGrad: true, weightGrad: true));
                using (dx) using (dw)
                {
                    AssertSameBits(dxComposed.ToArray(), dx!.ToArray(), $"{what} dx threads={threads}");
                    AssertSameBits(dwComposed.ToArray(), dw!.ToArray(), $"{what} dw threads={threads}");
                }
            }
            var (none, onlyDw) = ConvOps.Conv2dBackward(dy, x, w, c[6], c[7], inputGrad: false, weightGrad: true);
            using (onlyDw)
            {
                Assert.Null(none);
                AssertSameBits(dwComposed.ToArray(), onlyDw!.ToArray(), what + " dw alone");
            }
        }
    }

    [Fact]
    public void Backward_names_a_gradient_of_the_wrong_shape()
    {
        using var x = Tensor.Zeros([2, 3, 8, 8]);
        using var w = Tensor.Zeros([4, 3, 3, 3]);
        using var dy = Tensor.Zeros([2, 4, 7, 7]);
        var e = Assert.Throws<ArgumentException>(() => ConvOps.Conv2dBackward(dy, x, w, 1, 1, true, true));
        Assert.Contains("output gradient has shape [2, 4, 7, 7]", e.Message);
        Assert.Contains("[2, 4, 8, 8]", e.Message);
    }
}
