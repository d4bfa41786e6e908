using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

// The reductions as the user calls them: validate the axes, allocate the output, then the device's kernel
// (Reduce.Cpu.cs, Reduce.Gpu.cs beside this file; the spec is Reduce.Reference.cs).
public sealed partial class Tensor
{
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
}
