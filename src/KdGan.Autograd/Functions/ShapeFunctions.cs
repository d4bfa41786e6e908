using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

// Views and copies that only move values around: the gradient moves them back.

/// <summary>y = x viewed with a new shape; dx = g viewed with x's shape.</summary>
internal sealed class ReshapeFunction : Function
{
    private Shape _x = null!;
    public static Variable Apply(Variable x, int[] dims) =>
        new ReshapeFunction { _x = x.Shape }.Record(x.Data.Reshape(dims), x);
    protected internal override Tensor?[] Backward(Tensor g) => [g.Reshape(_x.ToArray())];
}

/// <summary>y = x with axes reordered; dx = g with the inverse order.</summary>
internal sealed class PermuteFunction : Function
{
    private int[] _inverse = [];
    public static Variable Apply(Variable x, int[] axes)
    {
        var y = x.Data.Permute(axes);
        var inverse = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++) inverse[axes[i] < 0 ? axes[i] + axes.Length : axes[i]] = i;
        return new PermuteFunction { _inverse = inverse }.Record(y, x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var back = g.Permute(_inverse);
        return [back.Contiguous()];
    }
}

/// <summary>y = x broadcast to a larger shape; dx = g summed over the broadcast axes.</summary>
internal sealed class ExpandFunction : Function
{
    private Shape _x = null!;
    public static Variable Apply(Variable x, Shape shape) =>
        new ExpandFunction { _x = x.Shape }.Record(x.Data.Expand(shape), x);
    protected internal override Tensor?[] Backward(Tensor g) => [ReduceTo(g.Clone(), _x)];
}

/// <summary>y = x[..., start:end:step, ...] along one axis; dx = zeros with g written into that slice.</summary>
internal sealed class SliceFunction : Function
{
    private Shape _x = null!;
    private int _axis, _start, _end, _step;
    public static Variable Apply(Variable x, int axis, int start, int end, int step)
    {
        var y = x.Data.Slice(axis, start, end, step);
        var fn = new SliceFunction { _x = x.Shape, _axis = axis, _start = start, _end = end, _step = step };
        return fn.Record(y, x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        var dx = Tensor.Zeros(_x, g.Device);
        using var window = dx.Slice(_axis, _start, _end, _step);
        window.CopyFrom(g);
        return [dx];
    }
}

/// <summary>y = the inputs joined along an axis; each input's gradient is its slice of g.</summary>
internal sealed class ConcatFunction : Function
{
    private int _axis;
    private int[] _sizes = [];

    public static Variable Apply(IReadOnlyList<Variable> xs, int axis)
    {
        if (xs.Count == 0) throw new ArgumentException("Concat: needs at least one tensor.");
        var first = xs[0].Shape;
        int a = Shape.NormalizeAxis(axis, first.Rank, "Concat");
        foreach (var x in xs)
        {
            Device.CheckSame(xs[0].Device, x.Device, "Concat");
            bool ok = x.Rank == first.Rank && Enumerable.Range(0, first.Rank).All(d => d == a || x.Shape[d] == first[d]);
            if (!ok) throw new ArgumentException($"Concat: shapes {first} and {x.Shape} differ outside axis {axis}.");
        }
        var dims = first.ToArray();
        dims[a] = xs.Sum(x => x.Shape[a]);
        var y = Tensor.Empty(new Shape(dims), xs[0].Device);
        int offset = 0;
        foreach (var x in xs)
        {
            using var window = y.Slice(a, offset, offset + x.Shape[a]);
            window.CopyFrom(x.Data);
            offset += x.Shape[a];
        }
        var fn = new ConcatFunction { _axis = a, _sizes = xs.Select(x => x.Shape[a]).ToArray() };
        return fn.Record(y, [.. xs]);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        var grads = new Tensor?[_sizes.Length];
        int offset = 0;
        for (int i = 0; i < _sizes.Length; i++)
        {
            if (NeedsGrad(i))
            {
                using var window = g.Slice(_axis, offset, offset + _sizes[i]);
                grads[i] = window.Contiguous();
            }
            offset += _sizes[i];
        }
        return grads;
    }
}
