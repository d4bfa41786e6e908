using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests;

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
        [17, 4, 10, 11, 12, 5, 2, 2], [1, 3, 6, 6, 8, 3, 1, 1], [2, 300, 3, 3, 9, 3, 1, 1],
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
    [MemberData(nameof(TestUtil.LevelData), MemberType = typeof(TestUtil))]
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
                TestUtil.AssertClose(ReferenceLayerOps.Conv2d(x, w, bb, c[6], c[7]), expected, 1e-3f, 1e-4f, what + " (composition vs reference)");
            foreach (int threads in new[] { 1, 2 })
            {
                using var y = WithThreads(threads, () => ConvOps.Conv2d(x, w, bb, c[6], c[7]));
                Assert.Equal(composed.Shape, y.Shape);
                AssertSameBits(expected, y.ToArray(), $"{what} threads={threads}");
            }
        }
    }
}
