using KdGan.Tensors;
using KdGan.Tensors.Backends;

namespace KdGan.Autograd.Functions;

/// <summary>y = sum (or mean) of x over axes; dx = g broadcast back over those axes (divided by their size for mean).</summary>
internal sealed class SumFunction : Function
{
    private Shape _x = null!;
    private Shape _kept = null!;
    private float _scale;

    public static Variable Apply(Variable x, int[]? axes, bool keepDim, bool mean)
    {
        var fn = new SumFunction { _x = x.Shape };
        var y = x.Data.Reduce(mean ? ReduceOp.Mean : ReduceOp.Sum, axes, keepDim);
        using (var kept = x.Data.Reduce(ReduceOp.Sum, axes, keepDim: true)) fn._kept = kept.Shape; // shape only
        fn._scale = mean ? (float)((double)y.NumElements / Math.Max(1, x.Data.NumElements)) : 1f;
        return fn.Record(y, x);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var shaped = g.Reshape(_kept.ToArray());
        using var expanded = shaped.Expand(_x);
        return [_scale == 1f ? expanded.Contiguous() : expanded * _scale];
    }
}

/// <summary>
/// y = max of x over axes. The gradient flows to the positions that attain the maximum, split evenly among
/// ties (as torch.amax).
/// </summary>
internal sealed class MaxFunction : Function
{
    private Tensor _x = null!, _yKept = null!;
    private int[]? _axes;

    public static Variable Apply(Variable x, int[]? axes, bool keepDim)
    {
        var fn = new MaxFunction { _axes = axes };
        var yKept = x.Data.Max(axes, keepDim: true);
        if (ShouldRecord(x)) { fn._x = fn.Save(x.Data); fn._yKept = fn.Save(yKept); }
        Tensor y = keepDim ? yKept : yKept.Reshape(x.Data.Shape.ToArray().Where((_, i) => !IsReduced(i, axes, x.Rank)).ToArray());
        if (!keepDim) yKept.Dispose();
        return fn.Record(y, x);
    }

    private static bool IsReduced(int axis, int[]? axes, int rank) =>
        axes is null || axes.Length == 0 || axes.Any(a => (a < 0 ? a + rank : a) == axis);

    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var mask = Tensor.Apply(BinaryOp.Equal, _x, _yKept);
        using var count = mask.Sum(_axes, keepDim: true);
        using var gk = g.Reshape(_yKept.Shape.ToArray());
        using var share = gk / count;
        return [mask * share];
    }
}
