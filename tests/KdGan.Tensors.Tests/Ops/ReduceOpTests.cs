using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>Sum / Max / Mean over axes (both GPU kernel paths) and ArgMax.</summary>
public abstract class ReduceOpTests : OpTestBase
{
    private const float Atol = 1e-5f, Rtol = 1e-5f;

    [BackendFact]
    public void Every_axis_set_of_a_3d_tensor()
    {
        using var cx = SeededData.Tensor([3, 4, 5], seed: 1);
        using var x = OnDevice(cx);
        int[][] axesSets = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
        foreach (var op in Enum.GetValues<ReduceOp>())
            foreach (var axes in axesSets)
            {
                using var y = x.Reduce(op, axes, keepDim: true);
                Check(ReferenceOps.Reduce(op, cx, axes), y, () => cx.Reduce(op, axes, true), Atol, Rtol, $"{op} over [{string.Join(",", axes)}]");
            }
    }

    [BackendFact]
    public void Long_rows_columns_and_strided_inputs()
    {
        // Long contiguous rows (one group per output on the GPU), columns (one thread per output), a permuted view.
        using var rows = SeededData.Tensor([3, 300], seed: 2);
        using var cols = SeededData.Tensor([40, 7], seed: 3);
        using var big = SeededData.Tensor([4, 3, 70], seed: 4);
        var cases = new (Tensor Base, bool Permute, int[] Axes)[] { (rows, false, [1]), (cols, false, [0]), (big, true, [0]), (big, true, [0, 2]), (rows, false, [0, 1]) };
        foreach (var (cbase, permute, axes) in cases)
        {
            using var x = OnDevice(cbase);
            using var xv = permute ? x.Permute(2, 0, 1) : x.Reshape(cbase.Shape.ToArray());
            using var cx = permute ? cbase.Permute(2, 0, 1) : cbase.Reshape(cbase.Shape.ToArray());
            foreach (var op in Enum.GetValues<ReduceOp>())
            {
                using var y = xv.Reduce(op, axes, keepDim: true);
                Check(ReferenceOps.Reduce(op, cx, axes), y, () => cx.Reduce(op, axes, true), Atol, 1e-4f, $"{op} of {cx.Shape} over [{string.Join(",", axes)}]");
                using var again = xv.Reduce(op, axes, keepDim: true);
                Assert.Equal(y.ToArray(), again.ToArray()); // deterministic
            }
        }
    }

    [BackendFact]
    public void Empty_reductions()
    {
        using var x = Tensor.Zeros([0, 3], D);
        using var s = x.Sum(0);
        Assert.Equal([0f, 0f, 0f], s.ToArray());
        using var m = x.Mean(0);
        Assert.All(m.ToArray(), v => Assert.True(float.IsNaN(v)));
    }

    [BackendFact]
    public void ArgMax_first_maximum_along_each_axis()
    {
        using var cx = Tensor.FromArray([1f, 5f, 5f, 2f, 7f, 7f, 0f, -1f, 3f, 9f, 9f, 1f], [3, 4]);
        using var cr = SeededData.Tensor([2, 3, 6], seed: 8);
        foreach (var c in new[] { cx, cr })
        {
            using var x = OnDevice(c);
            for (int axis = 0; axis < c.Rank; axis++)
            {
                using var y = x.ArgMax(axis, keepDim: true);
                Check(ReferenceOps.ArgMax(c, axis), y, () => c.ArgMax(axis, true), 0, 0, $"argmax of {c.Shape} along {axis}");
            }
        }
    }
}
