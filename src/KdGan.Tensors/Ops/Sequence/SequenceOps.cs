using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

/// <summary>
/// The sequence kernels (LSTM cell, embedding) as users call them: validation with clear errors, output
/// allocation, then the device's <see cref="ISequenceKernels"/>. The <c>Into</c> variants write into given
/// (possibly strided, e.g. one time step of a [B, T, X] buffer) matrices instead of allocating.
/// </summary>
public static class SequenceOps
{
    private static ISequenceKernels Kernels(Tensor t, string op) =>
        t.Device.Backend as ISequenceKernels
        ?? throw new NotSupportedException($"{op}: device {t.Device} has no sequence kernels (LSTM cell, embedding).");

    // ---- LSTM cell -------------------------------------------------------------------------------

    /// <summary>
    /// One LSTM step's pointwise part (see <see cref="ISequenceKernels.LstmCell"/>): gates [B, 4H] (plus
    /// optional gatesX [B, 4H] and bias [4H]) and cPrev [B, H] give h, c [B, H] and the activated gates [B, 4H].
    /// </summary>
    public static (Tensor H, Tensor C, Tensor Activations) LstmCell(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev)
    {
        var (b, hidden) = CheckCellInputs(gates, gatesX, bias, cPrev, nameof(LstmCell));
        var act = Tensor.Empty([b, 4 * hidden], gates.Device);
        var c = Tensor.Empty([b, hidden], gates.Device);
        var h = Tensor.Empty([b, hidden], gates.Device);
        Run(gates, gatesX, bias, cPrev, act, c, h);
        return (h, c, act);
    }

    /// <summary><see cref="LstmCell"/> into given outputs (2-D, unit column stride, any row stride).</summary>
    public static void LstmCellInto(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev, Tensor activations, Tensor c, Tensor h)
    {
        const string op = nameof(LstmCellInto);
        var (b, hidden) = CheckCellInputs(gates, gatesX, bias, cPrev, op);
        CheckOutput(activations, b, 4 * hidden, "activations", gates.Device, op);
        CheckOutput(c, b, hidden, "c", gates.Device, op);
        CheckOutput(h, b, hidden, "h", gates.Device, op);
        Run(gates, gatesX, bias, cPrev, activations, c, h);
    }

    private static void Run(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev, Tensor act, Tensor c, Tensor h)
    {
        using var g = UnitColumns(gates);
        using var gx = gatesX is null ? null : UnitColumns(gatesX);
        using var bi = bias?.Contiguous();
        using var cp = UnitColumns(cPrev);
        Kernels(gates, nameof(LstmCell)).LstmCell(g, gx, bi, cp, act, c, h);
    }

    /// <summary>
    /// The backward of <see cref="LstmCell"/>: from the saved activations, cPrev and c, and the step's dL/dh
    /// and dL/dc (either may be null for zero), the pre-activation gate gradients [B, 4H] and dL/dcPrev [B, H].
    /// </summary>
    public static (Tensor DGates, Tensor DcPrev) LstmCellBackward(Tensor activations, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc)
    {
        var (b, hidden) = CheckBackwardInputs(activations, cPrev, c, dh, dc, nameof(LstmCellBackward));
        var dGates = Tensor.Empty([b, 4 * hidden], c.Device);
        var dcPrev = Tensor.Empty([b, hidden], c.Device);
        RunBackward(activations, cPrev, c, dh, dc, dGates, dcPrev);
        return (dGates, dcPrev);
    }

    /// <summary><see cref="LstmCellBackward"/> into given outputs (2-D, unit column stride, any row stride).</summary>
    public static void LstmCellBackwardInto(Tensor activations, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc, Tensor dGates, Tensor dcPrev)
    {
        const string op = nameof(LstmCellBackwardInto);
        var (b, hidden) = CheckBackwardInputs(activations, cPrev, c, dh, dc, op);
        CheckOutput(dGates, b, 4 * hidden, "dGates", c.Device, op);
        CheckOutput(dcPrev, b, hidden, "dcPrev", c.Device, op);
        RunBackward(activations, cPrev, c, dh, dc, dGates, dcPrev);
    }

    private static void RunBackward(Tensor act, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc, Tensor dGates, Tensor dcPrev)
    {
        using var a = UnitColumns(act);
        using var cp = UnitColumns(cPrev);
        using var cc = UnitColumns(c);
        using var gh = dh is null ? null : UnitColumns(dh);
        using var gc = dc is null ? null : UnitColumns(dc);
        Kernels(c, nameof(LstmCellBackward)).LstmCellBackward(a, cp, cc, gh, gc, dGates, dcPrev);
    }

    private static (int Batch, int Hidden) CheckCellInputs(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev, string op)
    {
        gates.ThrowIfDisposed(op);
        cPrev.ThrowIfDisposed(op);
        if (cPrev.Rank != 2) throw new ArgumentException($"{op}: expects the previous cell state cPrev [B, H], got shape {cPrev.Shape}.");
        int b = cPrev.Shape[0], hidden = cPrev.Shape[1];
        if (gates.Shape != new Shape(b, 4 * hidden))
            throw new ArgumentException($"{op}: gates have shape {gates.Shape} but cPrev {cPrev.Shape} needs [B, 4H] = [{b}, {4 * hidden}] (gate order i, f, g, o).");
        Device.CheckSame(gates.Device, cPrev.Device, op);
        if (gatesX is not null)
        {
            gatesX.ThrowIfDisposed(op);
            if (gatesX.Shape != gates.Shape) throw new ArgumentException($"{op}: gatesX has shape {gatesX.Shape}, gates {gates.Shape}; they must match.");
            Device.CheckSame(gates.Device, gatesX.Device, op);
        }
        if (bias is not null)
        {
            bias.ThrowIfDisposed(op);
            if (bias.Shape != new Shape(4 * hidden)) throw new ArgumentException($"{op}: bias has shape {bias.Shape}, expected [4H] = [{4 * hidden}].");
            Device.CheckSame(gates.Device, bias.Device, op);
        }
        return (b, hidden);
    }

    private static (int Batch, int Hidden) CheckBackwardInputs(Tensor act, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc, string op)
    {
        act.ThrowIfDisposed(op);
        cPrev.ThrowIfDisposed(op);
        c.ThrowIfDisposed(op);
        if (c.Rank != 2) throw new ArgumentException($"{op}: expects the cell state c [B, H], got shape {c.Shape}.");
        int b = c.Shape[0], hidden = c.Shape[1];
        if (cPrev.Shape != c.Shape) throw new ArgumentException($"{op}: cPrev has shape {cPrev.Shape} but c has {c.Shape}.");
        if (act.Shape != new Shape(b, 4 * hidden))
            throw new ArgumentException($"{op}: activations have shape {act.Shape}, expected [B, 4H] = [{b}, {4 * hidden}] for c {c.Shape}.");
        Device.CheckSame(c.Device, cPrev.Device, op);
        Device.CheckSame(c.Device, act.Device, op);
        foreach (var (g, name) in new[] { (dh, "dh"), (dc, "dc") })
        {
            if (g is null) continue;
            g.ThrowIfDisposed(op);
            if (g.Shape != c.Shape) throw new ArgumentException($"{op}: {name} has shape {g.Shape} but c has {c.Shape}.");
            Device.CheckSame(c.Device, g.Device, op);
        }
        return (b, hidden);
    }

    private static void CheckOutput(Tensor t, int rows, int cols, string name, Device device, string op)
    {
        t.ThrowIfDisposed(op);
        if (t.Shape != new Shape(rows, cols)) throw new ArgumentException($"{op}: output {name} has shape {t.Shape}, expected [{rows}, {cols}].");
        if (cols > 1 && t.Strides[1] != 1)
            throw new ArgumentException($"{op}: output {name} must have unit column stride (row stride may be anything), got strides [{t.Strides[0]}, {t.Strides[1]}].");
        if (rows > 1 && t.Strides[0] < cols)
            throw new ArgumentException($"{op}: output {name} has row stride {t.Strides[0]} < {cols} columns (rows would overlap).");
        Device.CheckSame(device, t.Device, op);
    }

    /// <summary>A view with unit column stride (this one when it has it, else a dense copy).</summary>
    private static Tensor UnitColumns(Tensor t) =>
        t.Shape[1] <= 1 || t.Strides[1] == 1 ? t.Expand(t.Shape) : t.Contiguous();

    // ---- embedding -------------------------------------------------------------------------------

    /// <summary>Rows of weight [V, E] picked by <paramref name="indices"/>: [N, E] (each index in [0, V)).</summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> indices)
    {
        const string op = nameof(Embedding);
        CheckWeight(weight, op);
        CheckIndices(indices, weight.Shape[0], op);
        var dst = Tensor.Empty([indices.Length, weight.Shape[1]], weight.Device);
        using var w = weight.Contiguous();
        Kernels(weight, op).Embedding(w, indices, dst);
        return dst;
    }

    /// <summary>
    /// The gradient of <see cref="Embedding"/> with respect to the weight: grad [N, E] summed into the rows its
    /// indices picked, [V, E] (deterministic). Row <paramref name="paddingIndex"/> (when &gt;= 0) gets none.
    /// </summary>
    public static Tensor EmbeddingBackward(Tensor grad, ReadOnlySpan<int> indices, int vocabulary, int paddingIndex = -1)
    {
        const string op = nameof(EmbeddingBackward);
        grad.ThrowIfDisposed(op);
        if (grad.Rank != 2 || grad.Shape[0] != indices.Length)
            throw new ArgumentException($"{op}: expects a gradient [N, E] with N = {indices.Length} indices, got shape {grad.Shape}.");
        if (vocabulary < 1) throw new ArgumentOutOfRangeException(nameof(vocabulary), $"{op}: the vocabulary must have at least one row, got {vocabulary}.");
        if (paddingIndex >= vocabulary)
            throw new ArgumentOutOfRangeException(nameof(paddingIndex), $"{op}: padding index {paddingIndex} is outside the vocabulary of {vocabulary} rows.");
        CheckIndices(indices, vocabulary, op);
        var dw = Tensor.Empty([vocabulary, grad.Shape[1]], grad.Device);
        using var g = grad.Contiguous();
        Kernels(grad, op).EmbeddingBackward(g, indices, paddingIndex, dw);
        return dw;
    }

    /// <summary>
    /// Token ids stored as float32 (as data loaders produce them) to int indices, each checked to be a whole
    /// number in [0, <paramref name="vocabulary"/>).
    /// </summary>
    public static int[] ToIndices(Tensor ids, int vocabulary, string op = "Embedding")
    {
        ids.ThrowIfDisposed(op);
        var values = ids.ToArray();
        var result = new int[values.Length];
        for (int n = 0; n < values.Length; n++)
        {
            float v = values[n];
            if (!(v >= 0 && v < vocabulary) || v != MathF.Floor(v))
                throw new ArgumentOutOfRangeException(nameof(ids),
                    $"{op}: index {v} at position {n} (ids shape {ids.Shape}) is not a row of the vocabulary of size {vocabulary} (expected a whole number in [0, {vocabulary})).");
            result[n] = (int)v;
        }
        return result;
    }

    private static void CheckWeight(Tensor weight, string op)
    {
        weight.ThrowIfDisposed(op);
        if (weight.Rank != 2 || weight.Shape[0] < 1)
            throw new ArgumentException($"{op}: expects a weight [V, E] with V >= 1, got shape {weight.Shape}.");
    }

    private static void CheckIndices(ReadOnlySpan<int> indices, int vocabulary, string op)
    {
        for (int n = 0; n < indices.Length; n++)
            if ((uint)indices[n] >= (uint)vocabulary)
                throw new ArgumentOutOfRangeException(nameof(indices),
                    $"{op}: index {indices[n]} at position {n} is outside the vocabulary of size {vocabulary} (valid indices are 0 to {vocabulary - 1}).");
    }
}
