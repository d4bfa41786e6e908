using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>Matrix products: edge tiles, transposed operands read in place, broadcast batches, vectors.</summary>
public abstract class MatMulOpTests : OpTestBase
{
    private const float Atol = 1e-4f, Rtol = 1e-4f;

    private void CheckProduct(Tensor ca, Tensor cb, string context)
    {
        using var a = OnDevice(ca);
        using var b = OnDevice(cb);
        using var y = Tensor.MatMul(a, b);
        // The reference takes matrices: a vector operand becomes a row (left) or column (right); same values, same order.
        using var ra = ca.Rank == 1 ? ca.Unsqueeze(0) : ca.Reshape(ca.Shape.ToArray());
        using var rb = cb.Rank == 1 ? cb.Unsqueeze(1) : cb.Reshape(cb.Shape.ToArray());
        Check(ReferenceOps.MatMul(ra, rb, out var shape), y, () => Tensor.MatMul(ca, cb), Atol, Rtol, context);
        Assert.Equal(shape.NumElements, y.NumElements);
    }

    [BackendFact]
    public void Plain_products_cover_partial_and_multiple_tiles()
    {
        (int M, int N, int K)[] shapes = [(1, 1, 1), (5, 7, 3), (33, 17, 70), (130, 9, 20), (9, 130, 11)];
        foreach (var (m, n, k) in shapes)
        {
            using var a = SeededData.Tensor([m, k], seed: m + 1);
            using var b = SeededData.Tensor([k, n], seed: n + 2);
            CheckProduct(a, b, $"[{m}x{k}] x [{k}x{n}]");
        }
    }

    [BackendFact]
    public void Transposed_operands_are_read_through_their_strides()
    {
        using var at = SeededData.Tensor([12, 9], seed: 1);
        using var bt = SeededData.Tensor([10, 12], seed: 2);
        using var a = SeededData.Tensor([9, 12], seed: 3);
        using var b = SeededData.Tensor([12, 10], seed: 4);
        using var atT = at.T();
        using var btT = bt.T();
        // Device views must be transposed on the device, not copied contiguous: build them there.
        using var dat = OnDevice(at);
        using var dbt = OnDevice(bt);
        using var datT = dat.T();
        using var dbtT = dbt.T();
        using var db = OnDevice(b);
        using var da = OnDevice(a);
        using (var y = Tensor.MatMul(datT, db))
            Check(ReferenceOps.MatMul(atT, b, out _), y, () => Tensor.MatMul(atT, b), Atol, Rtol, "A^T B");
        using (var y = Tensor.MatMul(da, dbtT))
            Check(ReferenceOps.MatMul(a, btT, out _), y, () => Tensor.MatMul(a, btT), Atol, Rtol, "A B^T");
        using (var y = Tensor.MatMul(datT, dbtT))
            Check(ReferenceOps.MatMul(atT, btT, out _), y, () => Tensor.MatMul(atT, btT), Atol, Rtol, "A^T B^T");
    }

    [BackendFact]
    public void Batched_and_broadcast_batches()
    {
        using (var a = SeededData.Tensor([3, 4, 6], seed: 5))
        using (var b = SeededData.Tensor([6, 5], seed: 6))
            CheckProduct(a, b, "[3,4,6] x [6,5]");
        using (var a = SeededData.Tensor([2, 1, 4, 6], seed: 7))
        using (var b = SeededData.Tensor([3, 6, 5], seed: 8))
            CheckProduct(a, b, "[2,1,4,6] x [3,6,5]");
        using (var a = SeededData.Tensor([6], seed: 9))
        using (var b = SeededData.Tensor([2, 6, 3], seed: 10))
            CheckProduct(a, b, "[6] x [2,6,3]");
        using (var a = SeededData.Tensor([4, 6], seed: 11))
        using (var b = SeededData.Tensor([6], seed: 12))
            CheckProduct(a, b, "[4,6] x [6]");
    }

    [BackendFact]
    public void Zero_inner_dimension_gives_zeros()
    {
        using var a = Tensor.Zeros([3, 0], D);
        using var b = Tensor.Zeros([0, 4], D);
        using var y = Tensor.MatMul(a, b);
        Assert.All(y.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(12, y.NumElements);
    }
}
