using ILGPU;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// Elementwise kernels over strided, broadcast views: one GPU thread per output element (implicitly grouped,
/// so ILGPU picks the group size and guards the tail). The dense case (<see cref="Dims6.Rank"/> 0) reads and
/// writes at <c>offset + i</c>; otherwise the linear index is split once into coordinates and each operand's
/// offset is a dot product with its strides (stride 0 broadcasts).
/// </summary>
public static class ElementwiseKernels
{
    /// <summary>y = op(x, alpha). Also the strided copy (with <see cref="GpuIdentity"/>).</summary>
    public static void Unary<TOp>(Index1D index, ArrayView<float> x, Strides6 sx, ArrayView<float> y, Strides6 sy, Dims6 dims, float alpha)
        where TOp : struct, IGpuUnaryOp
    {
        TOp op = default;
        int i = index;
        if (dims.Rank == 0)
        {
            y[sy.Offset + i] = op.Apply(x[sx.Offset + i], alpha);
            return;
        }
        var c = Coords6.Split(i, dims);
        y[c.At(sy)] = op.Apply(x[c.At(sx)], alpha);
    }

    /// <summary>y = op(a, b).</summary>
    public static void Binary<TOp>(Index1D index, ArrayView<float> a, Strides6 sa, ArrayView<float> b, Strides6 sb,
        ArrayView<float> y, Strides6 sy, Dims6 dims)
        where TOp : struct, IGpuBinaryOp
    {
        TOp op = default;
        int i = index;
        if (dims.Rank == 0)
        {
            y[sy.Offset + i] = op.Apply(a[sa.Offset + i], b[sb.Offset + i]);
            return;
        }
        var c = Coords6.Split(i, dims);
        y[c.At(sy)] = op.Apply(a[c.At(sa)], b[c.At(sb)]);
    }

    /// <summary>y = value.</summary>
    public static void Fill(Index1D index, ArrayView<float> y, Strides6 sy, Dims6 dims, float value)
    {
        int i = index;
        if (dims.Rank == 0)
        {
            y[sy.Offset + i] = value;
            return;
        }
        y[Coords6.Split(i, dims).At(sy)] = value;
    }
}
