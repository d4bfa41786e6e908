using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

// The fused sequence kernels (ISequenceKernels): the LSTM cell's pointwise forward and backward
// (LstmKernels.cs) and the embedding gather and its deterministic scatter-add (EmbeddingKernels.cs), beside this file.
// Matrices arrive with unit column stride and any row stride (SequenceOps sees to it), so the LSTM kernels read
// and write one time step of a [B, T, X] buffer in place. Host indices are uploaded as ints; the embedding
// backward groups the positions by row on the host (the CPU's stable counting sort) and sums on the device in
// that order: no atomics, bit-identical to the CPU backend.
public sealed partial class GpuBackend : ISequenceKernels
{
    public void LstmCell(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev, Tensor activations, Tensor c, Tensor h)
    {
        int rows = cPrev.Shape[0], hidden = cPrev.Shape[1];
        long count = (long)rows * hidden;
        if (count == 0) return;
        Begin();
        var a = new LstmArgs { Hidden = hidden, HasX = gatesX is null ? 0 : 1, HasBias = bias is null ? 0 : 1 };
        (a.GOff, a.GStride) = Place(gates);
        if (gatesX is not null) (a.XOff, a.XStride) = Place(gatesX);
        if (bias is not null) a.BOff = checked((int)bias.Offset);
        (a.POff, a.PStride) = Place(cPrev);
        (a.AOff, a.AStride) = Place(activations);
        (a.COff, a.CStride) = Place(c);
        (a.OOff, a.OStride) = Place(h);
        var g = View(gates);
        Kernels.Auto(KernelTable.LstmForward, checked((int)count), g, gatesX is null ? g : View(gatesX), bias is null ? g : View(bias),
            View(cPrev), View(activations), View(c), View(h), a);
    }

    public void LstmCellBackward(Tensor activations, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc, Tensor dGates, Tensor dcPrev)
    {
        int rows = c.Shape[0], hidden = c.Shape[1];
        long count = (long)rows * hidden;
        if (count == 0) return;
        Begin();
        var a = new LstmArgs { Hidden = hidden, HasDh = dh is null ? 0 : 1, HasDc = dc is null ? 0 : 1 };
        (a.AOff, a.AStride) = Place(activations);
        (a.POff, a.PStride) = Place(cPrev);
        (a.COff, a.CStride) = Place(c);
        if (dh is not null) (a.XOff, a.XStride) = Place(dh);
        if (dc is not null) (a.BOff, a.BStride) = Place(dc);
        (a.GOff, a.GStride) = Place(dGates);
        (a.OOff, a.OStride) = Place(dcPrev);
        var cv = View(c);
        Kernels.Auto(KernelTable.LstmBackward, checked((int)count), View(activations), View(cPrev), cv, dh is null ? cv : View(dh), dc is null ? cv : View(dc),
            View(dGates), View(dcPrev), a);
    }

    public void Embedding(Tensor weight, ReadOnlySpan<int> indices, Tensor dst)
    {
        int n = indices.Length, e = weight.Shape[1];
        if (n == 0 || e == 0) return;
        using var idx = UploadInts(indices);
        Begin();
        var a = new EmbeddingArgs { Features = e, Vocabulary = weight.Shape[0], PaddingIndex = -1 };
        (a.WOffset, a.WStride) = Place(weight);
        (a.ROffset, a.RStride) = Place(dst);
        Kernels.Auto(KernelTable.EmbeddingGather, checked((int)((long)n * e)), View(weight), Ints(idx), View(dst), a);
    }

    public void EmbeddingBackward(Tensor grad, ReadOnlySpan<int> indices, int paddingIndex, Tensor dWeight)
    {
        int n = indices.Length, vocab = dWeight.Shape[0], e = dWeight.Shape[1];
        if (e == 0 || vocab == 0) return;
        // The CPU's stable counting sort of the positions by row: csr = rowStart [V + 1], then positions [N].
        var csr = new int[vocab + 1 + n];
        foreach (int v in indices) csr[v + 1]++;
        for (int v = 0; v < vocab; v++) csr[v + 1] += csr[v];
        var next = csr.AsSpan(0, vocab).ToArray();
        for (int i = 0; i < n; i++) csr[vocab + 1 + next[indices[i]]++] = i;

        using var lists = UploadInts(csr);
        Begin();
        var a = new EmbeddingArgs { Features = e, Vocabulary = vocab, PaddingIndex = paddingIndex };
        (a.WOffset, a.WStride) = Place(dWeight);
        if (n > 0) (a.ROffset, a.RStride) = Place(grad);
        var g = n > 0 ? View(grad) : View(dWeight); // with no positions, grad is never read
        Kernels.Auto(KernelTable.EmbeddingScatterAdd, checked((int)((long)vocab * e)), g, Ints(lists), View(dWeight), a);
    }

    /// <summary>Base offset and row stride of a 2-D operand (unit column stride), as kernel ints.</summary>
    private static (int Offset, int RowStride) Place(Tensor t) =>
        (checked((int)t.Offset), t.Shape[0] <= 1 ? 0 : checked((int)t.Strides[0]));

    /// <summary>Host ints on the device, carried bit for bit in a float tensor from the pool.</summary>
    private Tensor UploadInts(ReadOnlySpan<int> values)
    {
        var t = Tensor.Empty([values.Length], Device);
        try { Upload(MemoryMarshal.Cast<int, float>(values), t); }
        catch { t.Dispose(); throw; }
        return t;
    }

    private static ArrayView<int> Ints(Tensor t) => View(t).SubView(t.Offset, t.NumElements).Cast<int>();
}
