using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;
using KdGan.Testing;
using static KdGan.Testing.Tolerance;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>Every elementwise primitive against <see cref="ReferenceOps"/>, at every SIMD level.</summary>
public class ElementwiseTests
{
    // Lengths around the vector widths (4 and 8) and the 4x-unrolled loops.
    public static readonly int[] Lengths = [0, 1, 3, 4, 7, 8, 9, 15, 16, 31, 33, 100];

    private static (Tensor Input, float Alpha) InputFor(UnaryOp op, Shape shape, int seed)
    {
        var x = SeededData.Tensor(shape, seed, 3f);
        if (op is UnaryOp.Log or UnaryOp.Sqrt or UnaryOp.PowScalar or UnaryOp.Reciprocal)
        {
            using (x) return (x.Abs() + 0.1f, op == UnaryOp.PowScalar ? 1.7f : 0f);
        }
        return (x, op switch { UnaryOp.AddScalar => 0.75f, UnaryOp.MulScalar => -1.5f, UnaryOp.LeakyRelu => 0.1f, UnaryOp.GreaterThanScalar => 0.2f, _ => 0f });
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void UnaryMatchesReferenceOnEveryLength(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (var op in Enum.GetValues<UnaryOp>())
            foreach (int n in Lengths)
            {
                var (x, alpha) = InputFor(op, [n], n);
                using (x)
                using (var y = x.Apply(op, alpha))
                {
                    AssertClose(ReferenceOps.Unary(op, x, alpha), y.ToArray(), 1e-6f, 2e-6f, $"{op} n={n} {level}");
                    Assert.Equal(op == UnaryOp.PowScalar ? SimdLevel.Scalar : level, CpuBackend.LastPath);
                }
            }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void UnaryOnNonContiguousViews(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        using var baseT = SeededData.Tensor([6, 9, 5], 7);
        using var permuted = baseT.Permute(2, 0, 1);
        using var sliced = baseT.Slice(1, 1, 9, 3);
        foreach (var view in new[] { permuted, sliced })
            foreach (var op in new[] { UnaryOp.Exp, UnaryOp.Tanh, UnaryOp.Relu, UnaryOp.Sigmoid })
            {
                using var y = view.Apply(op);
                Assert.True(y.IsContiguous);
                AssertClose(ReferenceOps.Unary(op, view, 0), y.ToArray(), 1e-6f, 2e-6f, $"{op} on view {view.Shape}");
            }
    }

    /// <summary>Every broadcast pattern of two operands into a 3-D shape: each axis of each operand full, 1, or absent.</summary>
    public static IEnumerable<int[]> Patterns(int[] full)
    {
        for (int rank = 0; rank <= 3; rank++)
            for (int mask = 0; mask < 1 << rank; mask++)
                yield return Enumerable.Range(0, rank).Select(i => (mask >> i & 1) == 1 ? full[3 - rank + i] : 1).ToArray();
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void BinaryMatchesReferenceForEveryBroadcastPattern(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        int[] full = [3, 5, 9];
        int seed = 0;
        foreach (var pa in Patterns(full))
            foreach (var pb in Patterns(full))
            {
                using var a = SeededData.Tensor(pa, ++seed);
                using var b0 = SeededData.Tensor(pb, ++seed);
                using var b = b0.Abs() + 0.5f; // safe divisor
                foreach (var op in Enum.GetValues<BinaryOp>())
                {
                    using var y = Tensor.Apply(op, a, b);
                    var expected = ReferenceOps.Binary(op, a, b, out var shape);
                    Assert.Equal(shape, y.Shape);
                    AssertClose(expected, y.ToArray(), 1e-6f, 1e-6f, $"{op} {a.Shape} x {b.Shape} {level}");
                    Assert.Equal(level, CpuBackend.LastPath);
                }
            }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void BinaryOnTailLengthsAndTransposedViews(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (int n in Lengths)
        {
            using var a = SeededData.Tensor([n], 1);
            using var b = SeededData.Tensor([n], 2);
            using var y = a * b;
            AssertClose(ReferenceOps.Binary(BinaryOp.Mul, a, b, out _), y.ToArray(), 0, 0, $"Mul n={n}");
        }
        using var m = SeededData.Tensor([7, 13], 3);
        using var mt = m.T();
        using var c = SeededData.Tensor([13, 7], 4);
        using var z = mt - c;
        AssertClose(ReferenceOps.Binary(BinaryOp.Sub, mt, c, out _), z.ToArray(), 0, 0, "Sub with a transposed operand");
    }

    [Fact]
    public void EmptyTensorsGoThroughEveryElementwiseOp()
    {
        using var e = Tensor.Zeros([0, 4]);
        using var row = Tensor.Ones([4]);
        using var y = e + row;
        Assert.Equal(new Shape(0, 4), y.Shape);
        using var x = e.Exp();
        Assert.Empty(x.ToArray());
    }

    [Fact]
    public void LargeTensorsSplitAcrossThreadsGiveTheSameResultAsOneThread()
    {
        using var a = SeededData.Tensor([300, 1000], 5);
        using var b = SeededData.Tensor([1000], 6);
        int saved = CpuThreads.Count;
        try
        {
            CpuThreads.Count = 1;
            using var p1 = a * b;
            using var one = p1.Exp();
            CpuThreads.Count = 3;
            using var p3 = a * b;
            using var three = p3.Exp();
            Assert.Equal(one.ToArray(), three.ToArray());
        }
        finally { CpuThreads.Count = saved; }
    }
}
