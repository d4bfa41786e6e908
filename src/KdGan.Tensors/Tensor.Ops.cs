using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

// The primitive ops, as the user calls them: validate (devices, shapes, axes), broadcast,
// allocate the output, then hand the work to the device's backend.
public sealed partial class Tensor
{
    /// <summary>Sets every element of this tensor (or view) to <paramref name="value"/>, in place.</summary>
    public void Fill_(float value)
    {
        ThrowIfDisposed(nameof(Fill_));
        Device.Backend.Fill(this, value);
    }

    /// <summary>Copies <paramref name="src"/> (broadcast to this shape) into this tensor or view, in place.</summary>
    public void CopyFrom(Tensor src)
    {
        ThrowIfDisposed(nameof(CopyFrom));
        src.ThrowIfDisposed(nameof(CopyFrom));
        Device.CheckSame(Device, src.Device, nameof(CopyFrom));
        if (!src.Shape.CanBroadcastTo(Shape))
            throw new ArgumentException($"CopyFrom: source shape {src.Shape} cannot be broadcast to destination shape {Shape}.");
        using var e = src.Expand(Shape);
        Device.Backend.Copy(e, this);
    }

    // ---- reductions ----------------------------------------------------------------------------

    /// <summary>Sum over <paramref name="axes"/> (all axes when none are given).</summary>
    public Tensor Sum(int[]? axes = null, bool keepDim = false) => Reduce(ReduceOp.Sum, axes, keepDim);
    public Tensor Sum(int axis, bool keepDim = false) => Reduce(ReduceOp.Sum, [axis], keepDim);

    /// <summary>Maximum over <paramref name="axes"/> (all axes when none are given).</summary>
    public Tensor Max(int[]? axes = null, bool keepDim = false) => Reduce(ReduceOp.Max, axes, keepDim);
    public Tensor Max(int axis, bool keepDim = false) => Reduce(ReduceOp.Max, [axis], keepDim);

    /// <summary>Mean over <paramref name="axes"/> (all axes when none are given).</summary>
    public Tensor Mean(int[]? axes = null, bool keepDim = false) => Reduce(ReduceOp.Mean, axes, keepDim);
    public Tensor Mean(int axis, bool keepDim = false) => Reduce(ReduceOp.Mean, [axis], keepDim);

    public Tensor Reduce(ReduceOp op, int[]? axes, bool keepDim)
    {
        string name = op.ToString();
        ThrowIfDisposed(name);
        int[] norm = NormalizeAxes(axes, name);
        if (op == ReduceOp.Max)
            foreach (var a in norm)
                if (Shape.Dims[a] == 0)
                    throw new ArgumentException($"Max: cannot reduce over axis {a} of size 0 (shape {Shape}); a max of nothing is undefined.");
        var keptDims = Shape.ToArray();
        foreach (var a in norm) keptDims[a] = 1;
        var result = Empty(new Shape(keptDims), Device);
        Device.Backend.Reduce(op, this, norm, result);
        if (keepDim) return result;
        using (result) return result.Reshape(Shape.ToArray().Where((_, i) => !norm.Contains(i)).ToArray());
    }

    private int[] NormalizeAxes(int[]? axes, string op)
    {
        if (axes is null || axes.Length == 0) return Enumerable.Range(0, Rank).ToArray();
        var norm = axes.Select(a => Shape.NormalizeAxis(a, Rank, op)).Distinct().Order().ToArray();
        if (norm.Length != axes.Length) throw new ArgumentException($"{op}: axes {Shape.Format(axes)} name the same axis twice.");
        return norm;
    }

    /// <summary>Index (as float32) of the first maximum along <paramref name="axis"/>, like torch.argmax.</summary>
    public Tensor ArgMax(int axis = -1, bool keepDim = false)
    {
        ThrowIfDisposed(nameof(ArgMax));
        int a = Shape.NormalizeAxis(axis, Rank, nameof(ArgMax));
        if (Shape.Dims[a] == 0) throw new ArgumentException($"ArgMax: axis {axis} has size 0 (shape {Shape}).");
        var dims = Shape.ToArray();
        dims[a] = 1;
        var result = Empty(new Shape(dims), Device);
        Device.Backend.ArgMax(this, a, result);
        if (keepDim) return result;
        using (result) return result.Squeeze(a);
    }

    // ---- matrix products -----------------------------------------------------------------------

    /// <summary>
    /// Matrix product of the last two axes with broadcast batch axes: [..., m, k] x [..., k, n] -> [..., m, n].
    /// A 1-D operand is treated as a row (left) or column (right) vector and that axis is dropped, as in torch.matmul.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        a.ThrowIfDisposed(nameof(MatMul));
        b.ThrowIfDisposed(nameof(MatMul));
        Device.CheckSame(a.Device, b.Device, nameof(MatMul));
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"MatMul: both operands need at least one dimension, got {a.Shape} and {b.Shape}.");
        using var a2 = a.Rank == 1 ? a.Unsqueeze(0) : a.Expand(a.Shape);
        using var b2 = b.Rank == 1 ? b.Unsqueeze(1) : b.Expand(b.Shape);
        int m = a2.Shape[-2], k = a2.Shape[-1], kb = b2.Shape[-2], n = b2.Shape[-1];
        if (k != kb)
            throw new ArgumentException($"MatMul: shapes {a.Shape} and {b.Shape} do not align (inner dimensions {k} and {kb}).");
        var batchA = new Shape(a2.Shape.ToArray()[..^2]);
        var batchB = new Shape(b2.Shape.ToArray()[..^2]);
        var batch = Shape.Broadcast(batchA, batchB, "MatMul (batch dimensions)").ToArray();
        var outShape = new Shape([.. batch, m, n]);
        using var ea = a2.Expand(new Shape([.. batch, m, k]));
        using var eb = b2.Expand(new Shape([.. batch, k, n]));
        var result = Empty(outShape, a.Device);
        a.Device.Backend.MatMul(ea, eb, result);
        if (a.Rank > 1 && b.Rank > 1) return result;
        using (result)
        {
            var dims = outShape.ToArray().ToList();
            if (b.Rank == 1) dims.RemoveAt(dims.Count - 1);
            if (a.Rank == 1) dims.RemoveAt(dims.Count - (b.Rank == 1 ? 1 : 2));
            return result.Reshape(dims.ToArray());
        }
    }
}
