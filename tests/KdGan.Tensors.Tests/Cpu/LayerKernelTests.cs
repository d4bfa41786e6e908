using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;
using KdGan.Testing;
using static KdGan.Testing.Tolerance;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>The fused layer kernels of the CPU backend against ReferenceLayerOps, at every SIMD level.</summary>
public class LayerKernelTests
{
    public static readonly (int[] Shape, int K, int Stride, int Pad)[] ConvCases =
    [
        ([2, 3, 7, 9], 3, 1, 1), ([1, 2, 8, 8], 5, 1, 2), ([2, 1, 9, 7], 3, 2, 0), ([1, 4, 6, 5], 1, 1, 0),
        ([1, 2, 5, 5], 5, 1, 0), ([2, 2, 10, 11], 4, 3, 1), ([1, 1, 3, 3], 5, 1, 2),
    ];

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void Im2ColAndCol2ImMatchReference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        int seed = 0;
        foreach (var (shape, k, stride, pad) in ConvCases)
        {
            using var x = SeededData.Tensor(shape, ++seed);
            using var cols = LayerOps.Im2Col(x, k, k, stride, pad);
            AssertClose(ReferenceLayerOps.Im2Col(x, k, k, stride, pad), cols.ToArray(), 0, 0, $"im2col {x.Shape} k{k} s{stride} p{pad}");
            using var c = SeededData.Tensor(cols.Shape, ++seed);
            using var dx = LayerOps.Col2Im(c, x.Shape, k, k, stride, pad);
            AssertClose(ReferenceLayerOps.Col2Im(c.ToArray(), x.Shape, k, k, stride, pad), dx.ToArray(), 1e-5f, 1e-5f, $"col2im {x.Shape} k{k} s{stride} p{pad}");
            // Adjoint identity: <im2col(x), c> = <x, col2im(c)>
            double lhs = cols.ToArray().Zip(c.ToArray(), (a, b) => (double)a * b).Sum();
            double rhs = x.ToArray().Zip(dx.ToArray(), (a, b) => (double)a * b).Sum();
            Assert.Equal(lhs, rhs, 3);
        }
    }

    [Fact]
    public void MaxPool_2x2_keeps_the_first_of_ties_and_prefers_NaN_as_the_reference_does()
    {
        float nan = float.NaN;
        using var x = Tensor.FromArray([3, 3, 1, nan, 3, 3, nan, 2, -1, 5, 7, 7, 5, -2, 7, 7], [1, 1, 4, 4]);
        Assert.Equal(new float[] { 0, 3, 9, 10 }, MaxPool2x2MatchesReference(x));
    }

    /// <summary>The 2 x 2 max pool of x against the reference, values and indices; returns the indices.</summary>
    private static float[] MaxPool2x2MatchesReference(Tensor x)
    {
        var (maxRef, argRef) = ReferenceLayerOps.Pool2d(x, 2, 2, 0, max: true);
        var (y, arg) = LayerOps.MaxPool2d(x, 2, 2, 0);
        using (y)
        using (arg)
        {
            Assert.Equal(maxRef, y.ToArray());
            Assert.Equal(argRef, arg.ToArray());
            return arg.ToArray();
        }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void MaxPool_2x2_rows_of_windows_keep_the_reference_rule_for_ties_and_NaN(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        // Two rows of 20 windows (two vectors of 8, then one moved back to end at the last window): ties, NaN first,
        // NaN later, all NaN.
        float nan = float.NaN;
        var v = new float[4 * 40];
        for (int i = 0; i < v.Length; i++) v[i] = (i * 7919 % 13) % 4;
        foreach (int at in new[] { 0, 5, 41, 42, 43, 86, 87, 126, 127, 128, 129, 150, 152, 153 }) v[at] = nan;
        using var x = Tensor.FromArray(v, [1, 1, 4, 40]);
        MaxPool2x2MatchesReference(x);
        // Every row width around the vector widths (4 and 8 windows), even and odd, as LeNet's 28 and 14.
        foreach (int w in new[] { 2, 3, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 28, 29, 30, 31, 32, 33 })
        {
            var u = new float[2 * 4 * w];
            for (int i = 0; i < u.Length; i++) u[i] = i % 11 == 5 ? nan : (i * 7919 % 17) % 5;
            using var xw = Tensor.FromArray(u, [1, 2, 4, w]);
            MaxPool2x2MatchesReference(xw);
        }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void PoolingForwardAndBackwardMatchReference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (var (shape, k, stride, pad) in new[] { (new[] { 2, 3, 8, 8 }, 2, 2, 0), (new[] { 2, 3, 28, 28 }, 2, 2, 0), (new[] { 1, 2, 6, 38 }, 2, 2, 0), (new[] { 1, 2, 7, 9 }, 2, 2, 0), (new[] { 1, 2, 7, 9 }, 3, 2, 1), (new[] { 1, 1, 5, 5 }, 3, 1, 0) })
        {
            using var x = SeededData.Tensor(shape, k * 7 + stride);
            var (maxRef, argRef) = ReferenceLayerOps.Pool2d(x, k, stride, pad, max: true);
            var (avgRef, _) = ReferenceLayerOps.Pool2d(x, k, stride, pad, max: false);
            var (y, arg) = LayerOps.MaxPool2d(x, k, stride, pad);
            using (y)
            using (arg)
            using (var avg = LayerOps.AvgPool2d(x, k, stride, pad))
            {
                Assert.Equal(maxRef, y.ToArray());
                Assert.Equal(argRef, arg.ToArray());
                AssertClose(avgRef, avg.ToArray(), 1e-6f, 1e-6f, $"avgpool {x.Shape}");

                using var g = SeededData.Tensor(y.Shape, 3);
                using var dxMax = LayerOps.MaxPool2dBackward(g, arg, x.Shape);
                using var dxAvg = LayerOps.AvgPool2dBackward(g, x.Shape, k, stride, pad);
                // References: route each gradient to its argmax; spread it over its window.
                var expMax = new double[x.NumElements];
                var expAvg = new double[x.NumElements];
                var gv = g.ToArray();
                int h = shape[2], w = shape[3], oh = y.Shape[2], ow = y.Shape[3];
                for (int p = 0; p < shape[0] * shape[1]; p++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++)
                        {
                            int o = (p * oh + oy) * ow + ox;
                            expMax[p * h * w + (int)argRef[o]] += gv[o];
                            for (int i = 0; i < k; i++)
                                for (int j = 0; j < k; j++)
                                {
                                    int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) expAvg[p * h * w + iy * w + ix] += gv[o] / (k * k);
                                }
                        }
                AssertClose(expMax.Select(v => (float)v).ToArray(), dxMax.ToArray(), 1e-6f, 1e-6f, "maxpool backward");
                AssertClose(expAvg.Select(v => (float)v).ToArray(), dxAvg.ToArray(), 1e-6f, 1e-5f, "avgpool backward");
            }
        }
    }

    [Fact]
    public void GumbelKernelsEqualTheirDefinition()
    {
        using var logits = SeededData.Tensor([37, 11], 5, 3f);
        using var idx = GumbelOps.GumbelMax(logits, samples: 3, seed: 9, offset: 4);
        Assert.Equal(ReferenceGumbel.GumbelMax(logits, 3, 9, 4), idx.ToArray());
        foreach (var level in SimdLevels.OnThisMachine)
        {
            using var forced = CpuSimd.Force(level);
            using var y = GumbelOps.GumbelSoftmax(logits, 0.5f, seed: 9, offset: 4);
            AssertClose(ReferenceGumbel.GumbelSoftmax(logits, 0.5f, 9, 4), y.ToArray(), 1e-6f, 1e-5f, $"gumbel-softmax {level}");
        }
    }

    [Fact]
    public void GumbelMaxSampleFrequenciesMatchSoftmaxProbabilities()
    {
        // Chi-square goodness of fit over 10 classes, 20,000 draws with a fixed seed.
        float[] l = [2f, 1f, 0.5f, 0f, -0.5f, -1f, 1.5f, 0.25f, -2f, 0.75f];
        using var logits = Tensor.FromArray(l, [1, 10]);
        using var idx = GumbelOps.GumbelMax(logits, samples: 20_000, seed: 123, offset: 0);
        var counts = new int[10];
        foreach (var v in idx.ToArray()) counts[(int)v]++;
        double z = l.Sum(v => Math.Exp(v));
        double chi2 = 0;
        for (int c = 0; c < 10; c++)
        {
            double expected = 20_000 * Math.Exp(l[c]) / z;
            chi2 += (counts[c] - expected) * (counts[c] - expected) / expected;
        }
        Assert.True(chi2 < 27.88, $"chi-square {chi2:F2} exceeds the 0.1% critical value 27.88 for 9 degrees of freedom");
    }

    [Fact]
    public void BadLayerArgumentsAreNamed()
    {
        using var x = Tensor.Zeros([1, 1, 4, 4]);
        Assert.Contains("larger than the padded input", Assert.Throws<ArgumentException>(() => LayerOps.Im2Col(x, 7, 7, 1, 1)).Message);
        using var flat = Tensor.Zeros([4, 4]);
        Assert.Contains("4-D", Assert.Throws<ArgumentException>(() => LayerOps.MaxPool2d(flat, 2, 2)).Message);
        Assert.Contains("tau", Assert.Throws<ArgumentOutOfRangeException>(() => GumbelOps.GumbelSoftmax(flat, 0f, 1, 0)).Message);
    }
}
