using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>Shape, stream position and operand offsets of a Gumbel sampling kernel (kernel parameter).</summary>
public struct GumbelArgs
{
    /// <summary>Rows N (of the contiguous logits [N, C]), classes C, samples per row S (Gumbel-max only).</summary>
    public int Rows, Classes, Samples;
    /// <summary>Base offsets of the logits and of the output.</summary>
    public int LOffset, YOffset;
    /// <summary>The counter-based stream: key and first Philox block.</summary>
    public ulong Seed, Offset;
    /// <summary>1 / tau (Gumbel-softmax only).</summary>
    public float InvTau;
}

/// <summary>
/// Sampling from logits with Gumbel noise drawn inside the kernel from the counter-based stream (no noise
/// tensor): the GPU twins of Gumbel.Cpu.cs beside this file, ReferenceGumbel (Gumbel.Reference.cs) the spec.
/// Gumbel element e is lane e % 4 of Philox block offset + e / 4 (<see cref="Rng.RandomDistribution.Gumbel"/>);
/// both kernels walk a row's elements block by block, computing each Philox block once and its four lanes
/// written out by hand.
/// </summary>
public static class GumbelKernels
{
    /// <summary>-log(-log u) for u = 32 random bits mapped to (0, 1), as PhiloxKernels and Rng.Philox.ToOpenUniform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Gumbel(uint bits) => -XMath.Log(-XMath.Log(((int)(bits >> 8) + 0.5f) * (1f / 16777216f)));

    /// <summary>
    /// One thread per (row n, sample s), output index n*S + s: argmax_c (logits[n, c] + g[(s*N + n)*C + c]),
    /// the first maximum, classes visited in increasing order as on the CPU.
    /// </summary>
    public static void GumbelMax(Index1D index, ArrayView<float> logits, ArrayView<float> indices, GumbelArgs a)
    {
        int w = index;
        int n = w / a.Samples, s = w % a.Samples;
        long first = ((long)s * a.Rows + n) * a.Classes, end = first + a.Classes;
        int row = a.LOffset + n * a.Classes;
        int best = 0;
        float bestValue = float.NegativeInfinity;
        for (long block = first >> 2; block <= (end - 1) >> 2; block++)
        {
            PhiloxKernels.Block(a.Seed, a.Offset + (ulong)block, out uint x0, out uint x1, out uint x2, out uint x3);
            long e = block << 2;
            if (e >= first && e < end)
            {
                int c = (int)(e - first);
                float v = logits[row + c] + Gumbel(x0);
                if (v > bestValue) { bestValue = v; best = c; }
            }
            if (e + 1 >= first && e + 1 < end)
            {
                int c = (int)(e + 1 - first);
                float v = logits[row + c] + Gumbel(x1);
                if (v > bestValue) { bestValue = v; best = c; }
            }
            if (e + 2 >= first && e + 2 < end)
            {
                int c = (int)(e + 2 - first);
                float v = logits[row + c] + Gumbel(x2);
                if (v > bestValue) { bestValue = v; best = c; }
            }
            if (e + 3 >= first && e + 3 < end)
            {
                int c = (int)(e + 3 - first);
                float v = logits[row + c] + Gumbel(x3);
                if (v > bestValue) { bestValue = v; best = c; }
            }
        }
        indices[a.YOffset + w] = best;
    }

    /// <summary>
    /// One group per row r of [rows, C]: z = logits + g[r*C + c] is written to y as it is drawn (thread t takes
    /// Philox blocks t, t + G, ...), then y = softmax(z / tau) in the numerically stable form of
    /// <see cref="SoftmaxKernels.Rows"/>: exp((z - max) / tau) / sum, with fixed-tree group reductions. Later passes
    /// read back only the entries the same thread wrote, so no barrier is needed between writing and reading z.
    /// </summary>
    public static void GumbelSoftmax(ArrayView<float> logits, ArrayView<float> y, GumbelArgs a)
    {
        var scratch = SharedMemory.Allocate<float>(GroupReduce.MaxGroup);
        int r = Grid.IdxX;
        int tid = Group.IdxX, step = Group.DimX;
        long first = (long)r * a.Classes, end = first + a.Classes;
        long firstBlock = first >> 2;
        int blocks = (int)(((end - 1) >> 2) - firstBlock + 1);
        int src = a.LOffset + r * a.Classes, dst = a.YOffset + r * a.Classes;

        float max = float.NegativeInfinity;
        for (int q = tid; q < blocks; q += step)
        {
            long block = firstBlock + q;
            PhiloxKernels.Block(a.Seed, a.Offset + (ulong)block, out uint x0, out uint x1, out uint x2, out uint x3);
            long e = block << 2;
            if (e >= first && e < end)
            {
                int c = (int)(e - first);
                float z = Gumbel(x0) + logits[src + c];
                y[dst + c] = z;
                max = XMath.Max(max, z);
            }
            if (e + 1 >= first && e + 1 < end)
            {
                int c = (int)(e + 1 - first);
                float z = Gumbel(x1) + logits[src + c];
                y[dst + c] = z;
                max = XMath.Max(max, z);
            }
            if (e + 2 >= first && e + 2 < end)
            {
                int c = (int)(e + 2 - first);
                float z = Gumbel(x2) + logits[src + c];
                y[dst + c] = z;
                max = XMath.Max(max, z);
            }
            if (e + 3 >= first && e + 3 < end)
            {
                int c = (int)(e + 3 - first);
                float z = Gumbel(x3) + logits[src + c];
                y[dst + c] = z;
                max = XMath.Max(max, z);
            }
        }
        max = GroupReduce.All<GpuMaxReduce>(scratch, max);

        // The entries of block q: columns [lo, hi) of this row, the same split as above.
        float sum = 0f;
        for (int q = tid; q < blocks; q += step)
        {
            long e = (firstBlock + q) << 2;
            int lo = (int)(e < first ? 0 : e - first);
            int hi = (int)(e + 4 > end ? a.Classes : e + 4 - first);
            for (int c = lo; c < hi; c++)
            {
                float v = XMath.Exp((y[dst + c] - max) * a.InvTau);
                y[dst + c] = v;
                sum += v;
            }
        }
        sum = GroupReduce.All<AddFloat>(scratch, sum);

        float inv = 1f / sum;
        for (int q = tid; q < blocks; q += step)
        {
            long e = (firstBlock + q) << 2;
            int lo = (int)(e < first ? 0 : e - first);
            int hi = (int)(e + 4 > end ? a.Classes : e + 4 - first);
            for (int c = lo; c < hi; c++) y[dst + c] = y[dst + c] * inv;
        }
    }
}
