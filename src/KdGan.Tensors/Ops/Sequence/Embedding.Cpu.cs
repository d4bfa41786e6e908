namespace KdGan.Tensors.Backends.Cpu;

// Embedding lookup (a row gather) and its adjoint (an index_add into the weight's rows).
// The backward is deterministic without atomics: the positions are grouped by the row they index with a
// stable counting sort (CSR: rowStart[v] .. rowStart[v + 1] lists the positions n with indices[n] = v in
// increasing n), then the vocabulary rows are split over threads and each row sums its positions in that
// order. Same indices, same result, bit for bit, whatever the thread count.
public sealed unsafe partial class CpuBackend
{
    public void Embedding(Tensor weight, ReadOnlySpan<int> indices, Tensor dst)
    {
        BeginOp();
        int n = indices.Length, e = weight.Shape[1];
        if (n == 0 || e == 0) return;
        float* pw = Ptr(weight) + weight.Offset, pd = Ptr(dst) + dst.Offset;
        fixed (int* pinned = indices)
        {
            int* idx = pinned;
            Parallelism.ForRanges(n, Math.Max(1, (1 << 14) / e), (s, end) =>
            {
                for (long r = s; r < end; r++)
                    new ReadOnlySpan<float>(pw + (long)idx[r] * e, e).CopyTo(new Span<float>(pd + r * e, e));
            });
        }
    }

    public void EmbeddingBackward(Tensor grad, ReadOnlySpan<int> indices, int paddingIndex, Tensor dWeight)
    {
        var level = BeginOp();
        int n = indices.Length, vocab = dWeight.Shape[0], e = dWeight.Shape[1];
        if (e == 0) return;
        // Counting sort of the positions by row (stable: increasing n within a row).
        var rowStart = new int[vocab + 1];
        foreach (int v in indices) rowStart[v + 1]++;
        for (int v = 0; v < vocab; v++) rowStart[v + 1] += rowStart[v];
        var positions = new int[n];
        var next = (int[])rowStart.Clone();
        for (int i = 0; i < n; i++) positions[next[indices[i]]++] = i;

        float* pg = Ptr(grad) + grad.Offset, pw = Ptr(dWeight) + dWeight.Offset;
        long work = (long)Math.Max(n, vocab) * e;
        Parallelism.ForRanges(vocab, Math.Max(1, (long)vocab * (1 << 14) / Math.Max(1, work)), (s, end) =>
        {
            for (long v = s; v < end; v++)
            {
                float* dst = pw + v * e;
                new Span<float>(dst, e).Clear();
                if (v == paddingIndex) continue;
                for (int k = rowStart[v]; k < rowStart[v + 1]; k++)
                    ElementwiseLoops.Binary(new AddKernel(), dst, 1, pg + (long)positions[k] * e, 1, dst, 1, e, level);
            }
        });
    }
}
