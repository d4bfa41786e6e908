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
