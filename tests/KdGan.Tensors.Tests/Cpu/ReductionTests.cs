using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;
using KdGan.Testing;
using static KdGan.Testing.Tolerance;

namespace KdGan.Tensors.Tests.Cpu;

public class ReductionTests
{
    public static IEnumerable<int[]> AxisSubsets(int rank)
    {
        for (int mask = 1; mask < 1 << rank; mask++)
            yield return Enumerable.Range(0, rank).Where(i => (mask >> i & 1) == 1).ToArray();
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void EveryAxisSubsetMatchesReference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (var dims in new[] { new[] { 3, 5, 9 }, new[] { 2, 33, 17 }, new[] { 1, 7, 40 } })
        {
            using var x = SeededData.Tensor(dims, dims.Sum());
            using var xp = x.Permute(2, 0, 1); // a non-contiguous view of the same values
            foreach (var input in new[] { x, xp })
                foreach (var axes in AxisSubsets(3))
                    foreach (var op in Enum.GetValues<ReduceOp>())
                    {
                        using var y = input.Reduce(op, axes, keepDim: true);
                        string ctx = $"{op} over [{string.Join(",", axes)}] of {input.Shape} (contiguous={input.IsContiguous}) {level}";
                        AssertClose(ReferenceOps.Reduce(op, input, axes), y.ToArray(), 1e-5f, 1e-5f, ctx);
                        Assert.Equal(level, CpuBackend.LastPath);
                    }
        }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void TailLengthsAndKeepDim(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (int n in ElementwiseTests.Lengths.Where(n => n > 0))
        {
            using var x = SeededData.Tensor([3, n], n);
            using var s = x.Sum(1);
            using var m = x.Max(-1, keepDim: true);
            using var mean = x.Mean();
            Assert.Equal(new Shape(3), s.Shape);
            Assert.Equal(new Shape(3, 1), m.Shape);
            Assert.Equal(Shape.Scalar, mean.Shape);
            AssertClose(ReferenceOps.Reduce(ReduceOp.Sum, x, [1]), s.ToArray(), 1e-5f, 1e-5f, $"sum n={n}");
            AssertClose(ReferenceOps.Reduce(ReduceOp.Max, x, [1]), m.ToArray(), 0, 0, $"max n={n}");
            AssertClose(ReferenceOps.Reduce(ReduceOp.Mean, x, []), mean.ToArray(), 1e-6f, 1e-5f, $"mean n={n}");
        }
    }

    [Fact]
    public void ResultsAreBitIdenticalRunToRunAndAcrossThreadCounts()
    {
        using var x = SeededData.Tensor([64, 4096], 11);
        int saved = CpuThreads.Count;
        try
        {
            var results = new List<float[]>();
            foreach (int threads in new[] { 1, 2, 2, 3 })
            {
                CpuThreads.Count = threads;
                using var a = x.Sum(1);
                using var b = x.Sum(0);
                using var c = x.Sum();
                results.Add([.. a.ToArray(), .. b.ToArray(), .. c.ToArray()]);
            }
            foreach (var r in results.Skip(1)) Assert.Equal(results[0], r);
        }
        finally { CpuThreads.Count = saved; }
    }

    [Fact]
    public void A_strided_kept_axis_sums_each_output_in_order()
    {
        // A convolution bias gradient's shape: dy [N, O, L] summed over N and L, O = 11 (not a multiple of the 8
        // chains run side by side). Each output must be the plain chain x[0,o,0] + x[0,o,1] + ... in row-major order.
        int n = 5, o = 11, l = 37;
        using var x = SeededData.Tensor([n, o, l], 7);
        var v = x.ToArray();
        foreach (int threads in new[] { 1, 2 })
        {
            int saved = CpuThreads.Count;
            CpuThreads.Count = threads;
            try
            {
                using var sum = x.Sum([0, 2]);
                using var mean = x.Reduce(ReduceOp.Mean, [0, 2], keepDim: false);
                var s = sum.ToArray();
                var m = mean.ToArray();
                for (int c = 0; c < o; c++)
                {
                    float acc = v[c * l];
                    for (int i = 0; i < n; i++)
                        for (int j = i == 0 ? 1 : 0; j < l; j++) acc += v[(i * o + c) * l + j];
                    Assert.Equal(BitConverter.SingleToInt32Bits(acc), BitConverter.SingleToInt32Bits(s[c]));
                    Assert.Equal(BitConverter.SingleToInt32Bits(acc * (1f / (n * l))), BitConverter.SingleToInt32Bits(m[c]));
                }
            }
            finally { CpuThreads.Count = saved; }
        }
    }

    [Fact]
    public void EmptyReductions()
    {
        using var e = Tensor.Zeros([0, 3]);
        using var s = e.Sum(0);
        Assert.Equal(new float[] { 0, 0, 0 }, s.ToArray());
        using var m = e.Mean(0);
        Assert.All(m.ToArray(), v => Assert.True(float.IsNaN(v))); // as torch.mean of nothing
        var ex = Assert.Throws<ArgumentException>(() => e.Max(0));
        Assert.Contains("size 0", ex.Message);
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void ArgMaxFindsTheFirstMaximumOnEveryAxis(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        using var x0 = SeededData.Tensor([4, 6, 9], 5);
        using var x = x0 * 3f;
        foreach (int axis in new[] { 0, 1, 2 })
        {
            using var y = x.ArgMax(axis, keepDim: true);
            Assert.Equal(ReferenceOps.ArgMax(x, axis), y.ToArray());
            Assert.Equal(SimdLevel.Scalar, CpuBackend.LastPath);
        }
        using var ties = Tensor.FromArray(new float[] { 1, 5, 5, 2 });
        using var t = ties.ArgMax();
        Assert.Equal(1f, t.Item());
    }
}
