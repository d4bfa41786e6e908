namespace KdGan.Tensors.Backends.Cpu;

// A sum whose kept axis is strided (e.g. a convolution's bias gradient, dy [N, O, L] summed over N and L): the
// fold of Reduce would add one strided row of O outputs per reduced position, paying a call and an index
// division for every O elements. Here each output runs its own chain over the reduced positions instead, eight
// outputs side by side so the chains overlap. Every chain adds the same terms in the same order as the fold
// (first term, then + each next one in row-major order of the reduced axes), so the bits are the fold's.
public sealed unsafe partial class CpuBackend
{
    private const int SumChains = 8;

    private static void SumInChains(float* px, long keptCount, int[] keptDims, long[] keptStrides,
        long redCount, int[] redDims, long[] redStrides, float scale, float* pd)
    {
        long blocks = (keptCount + SumChains - 1) / SumChains;
        // No reduced axis left after coalescing (all of size 1): one term per output.
        long runLength = redDims.Length == 0 ? 1 : redDims[^1], runStride = redDims.Length == 0 ? 0 : redStrides[^1];
        long runs = redCount / runLength;
        Parallelism.ForRanges(blocks, Math.Max(1, (1 << 15) / (redCount * SumChains)), (s, e) =>
        {
            var bases = new long[SumChains];
            for (long b = s; b < e; b++)
            {
                long k0 = b * SumChains;
                int count = (int)Math.Min(SumChains, keptCount - k0);
                for (int j = 0; j < SumChains; j++) bases[j] = OffsetOf(k0 + Math.Min(j, count - 1), keptDims, keptStrides);
                float* q0 = px + bases[0], q1 = px + bases[1], q2 = px + bases[2], q3 = px + bases[3];
                float* q4 = px + bases[4], q5 = px + bases[5], q6 = px + bases[6], q7 = px + bases[7];
                float a0 = q0[0], a1 = q1[0], a2 = q2[0], a3 = q3[0], a4 = q4[0], a5 = q5[0], a6 = q6[0], a7 = q7[0];
                for (long run = 0; run < runs; run++)
                {
                    long at = OffsetOf(run * runLength, redDims, redStrides);
                    for (long t = run == 0 ? 1 : 0; t < runLength; t++)
                    {
                        long o = at + t * runStride;
                        a0 += q0[o]; a1 += q1[o]; a2 += q2[o]; a3 += q3[o];
                        a4 += q4[o]; a5 += q5[o]; a6 += q6[o]; a7 += q7[o];
                    }
                }
                float* d = pd + k0;
                d[0] = a0 * scale;
                if (count > 1) d[1] = a1 * scale;
                if (count > 2) d[2] = a2 * scale;
                if (count > 3) d[3] = a3 * scale;
                if (count > 4) d[4] = a4 * scale;
                if (count > 5) d[5] = a5 * scale;
                if (count > 6) d[6] = a6 * scale;
                if (count > 7) d[7] = a7 * scale;
            }
        });
    }
}
