using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;
using KdGan.Testing;
using static KdGan.Testing.Tolerance;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>Tensor.MatMul (batching, broadcasting, views) against the reference; the GEMM kernel itself is in GemmTests.</summary>
public class MatMulTests
{
    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void BatchedAndBroadcastProductsMatchReference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        var cases = new (int[] A, int[] B)[]
        {
            ([7, 9], [9, 15]), ([1, 1], [1, 1]), ([33, 17], [17, 8]), ([2, 5, 7], [2, 7, 3]),
            ([3, 1, 4, 6], [5, 6, 2]), ([4, 6], [3, 6, 5]), ([0, 4], [4, 3]), ([3, 0], [0, 2]),
        };
        foreach (var (sa, sb) in cases)
        {
            using var a = SeededData.Tensor(sa, 1);
            using var b = SeededData.Tensor(sb, 2);
            using var c = Tensor.MatMul(a, b);
            var expected = ReferenceOps.MatMul(a, b, out var shape);
            Assert.Equal(shape, c.Shape);
            AssertClose(expected, c.ToArray(), 1e-5f, 1e-5f, $"{a.Shape} @ {b.Shape} {level}");
            Assert.Equal(level, CpuBackend.LastPath);
        }
    }

    [Fact]
    public void TransposedAndSlicedViewsAreReadInPlace()
    {
        using var a = SeededData.Tensor([20, 30], 3);
        using var b = SeededData.Tensor([25, 20], 4);
        using var at = a.T();                // [30, 20], column-major view
        using var bt = b.T();                // [20, 25]
        using var bs = bt.Slice(1, 1, 25, 2); // [20, 12], strided columns
        using var c = Tensor.MatMul(at, bs);
        AssertClose(ReferenceOps.MatMul(at, bs, out _), c.ToArray(), 1e-5f, 1e-5f, "at @ bs");
    }

    [Fact]
    public void VectorOperandsDropTheirAxisLikeTorchMatmul()
    {
        using var m = Tensor.Arange(0, 6).Reshape(2, 3);
        using var v = Tensor.FromArray(new float[] { 1, 1, 1 });
        using var w = Tensor.FromArray(new float[] { 1, 2 });
        using var mv = Tensor.MatMul(m, v);
        using var wm = Tensor.MatMul(w, m);
        using var vv = Tensor.MatMul(v, v);
        Assert.Equal(new float[] { 3, 12 }, mv.ToArray());
        Assert.Equal(new float[] { 6, 9, 12 }, wm.ToArray());
        Assert.Equal(Shape.Scalar, vv.Shape);
        Assert.Equal(3f, vv.Item());
    }

    [Fact]
    public void MisalignedShapesNameBothShapes()
    {
        using var a = Tensor.Zeros([2, 3]);
        using var b = Tensor.Zeros([4, 5]);
        var e = Assert.Throws<ArgumentException>(() => Tensor.MatMul(a, b));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
        Assert.Contains("MatMul", e.Message);
    }
}
