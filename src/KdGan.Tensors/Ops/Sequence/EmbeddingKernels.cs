using ILGPU;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// Shape and operand placement of an embedding kernel: feature width E, vocabulary V, padding row (-1: none);
/// base offset and row stride of the [V, E] weight (or its gradient) and of the [N, E] rows (output or gradient).
/// </summary>
public struct EmbeddingArgs
{
    public int Features, Vocabulary, PaddingIndex;
    public int WOffset, WStride, ROffset, RStride;
}

/// <summary>
/// Embedding lookup (a row gather) and its adjoint: the GPU twins of Embedding.Cpu.cs beside this file, with
/// ReferenceSequenceOps.Embedding / EmbeddingBackward the spec. Indices arrive as ints on the device.
/// The backward uses no atomics: the host groups the positions by the row they index exactly as the CPU does
/// (a stable counting sort, CSR: rowStart[v] .. rowStart[v + 1] are the positions n with indices[n] = v, in
/// increasing n), and one thread per (row v, feature k) sums its positions in that order starting from 0, so
/// the result is bit-identical to the CPU backend's and run to run.
/// </summary>
public static class EmbeddingKernels
{
    /// <summary>One thread per (position n, feature k): rows[n, k] = weight[indices[n], k].</summary>
    public static void Gather(Index1D index, ArrayView<float> weight, ArrayView<int> indices, ArrayView<float> rows, EmbeddingArgs a)
    {
        int w = index;
        int n = w / a.Features, k = w % a.Features;
        rows[a.ROffset + n * a.RStride + k] = weight[a.WOffset + indices[n] * a.WStride + k];
    }

    /// <summary>
    /// One thread per (row v, feature k): dWeight[v, k] = sum over the positions n of row v, in increasing n, of
    /// grad[n, k] (0 for rows never indexed and for the padding row). csr = rowStart [V + 1] then positions [N].
    /// </summary>
    public static void ScatterAdd(Index1D index, ArrayView<float> grad, ArrayView<int> csr, ArrayView<float> dWeight, EmbeddingArgs a)
    {
        int w = index;
        int v = w / a.Features, k = w % a.Features;
        float sum = 0f;
        if (v != a.PaddingIndex)
        {
            int end = csr[v + 1];
            int positions = a.Vocabulary + 1;
            for (int p = csr[v]; p < end; p++)
                sum += grad[a.ROffset + csr[positions + p] * a.RStride + k];
        }
        dWeight[a.WOffset + v * a.WStride + k] = sum;
    }
}
