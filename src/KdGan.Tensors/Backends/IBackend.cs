namespace KdGan.Tensors.Backends;

/// <summary>
/// The primitive ops a device implements. Deliberately small: everything composite (cross-entropy,
/// an LSTM cell, ...) is built above it from these. Arguments arrive validated by <see cref="Tensor"/>:
/// same device, compatible shapes, and broadcast operands already expanded (stride 0) to the output's
/// shape. Outputs are freshly allocated unless stated; inputs may be arbitrary strided views.
/// </summary>
public interface IBackend
{
    Device Device { get; }

    /// <summary>Uninitialised storage of <paramref name="length"/> floats.</summary>
    Storage Allocate(long length);

    /// <summary>Returns the memory the device keeps pooled for reuse (live tensors are not affected).</summary>
    void EmptyCache();

    /// <summary>Copies host values (logical row-major order) into <paramref name="dst"/>.</summary>
    void Upload(ReadOnlySpan<float> src, Tensor dst);

    /// <summary>Copies <paramref name="src"/>'s values in logical row-major order to the host.</summary>
    void Download(Tensor src, Span<float> dst);

    /// <summary>Sets every element of <paramref name="dst"/> (a possibly strided view) to <paramref name="value"/>.</summary>
    void Fill(Tensor dst, float value);

    /// <summary>Copies <paramref name="src"/> into <paramref name="dst"/>, same shape, any strides on both sides.</summary>
    void Copy(Tensor src, Tensor dst);

    /// <summary>dst = op(x, alpha), same shape.</summary>
    void Unary(UnaryOp op, Tensor x, float alpha, Tensor dst);

    /// <summary>dst = op(a, b); a, b and dst have the same shape (broadcasting already applied as stride-0 views).</summary>
    void Binary(BinaryOp op, Tensor a, Tensor b, Tensor dst);

    /// <summary>
    /// Reduces <paramref name="x"/> over <paramref name="axes"/> (sorted, distinct) into <paramref name="dst"/>,
    /// which has x's shape with those axes set to 1. Combines in a fixed order: bit-identical run to run.
    /// </summary>
    void Reduce(ReduceOp op, Tensor x, int[] axes, Tensor dst);

    /// <summary>Index of the first maximum along <paramref name="axis"/>, written as float32 into dst (x's shape with that axis 1).</summary>
    void ArgMax(Tensor x, int axis, Tensor dst);

    /// <summary>
    /// Batched matrix product: a [..., m, k] x b [..., k, n] -> dst [..., m, n]. a and b have already been
    /// broadcast to dst's batch dimensions (stride-0 views).
    /// </summary>
    void MatMul(Tensor a, Tensor b, Tensor dst);

    /// <summary>Row-wise softmax (or log-softmax) of x / temperature over the last axis.</summary>
    void Softmax(Tensor x, float temperature, bool log, Tensor dst);

    /// <summary>Fills dst with draws of <paramref name="distribution"/> from the counter-based stream (seed, offset).</summary>
    void Random(Rng.RandomDistribution distribution, ulong seed, ulong offset, Tensor dst);
}
