using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

// Reductions. The input is seen as [kept axes..., reduced axes...] (a permutation, no copy). Two
// kernels, both combining in a fixed order so results are bit-identical run to run:
//  - the reduced block is one contiguous run: each output reduces that run with vector accumulators;
//  - otherwise: the reduced positions are visited in order, each one folded into a row of kept
//    outputs (vectorised along the kept axis when it is contiguous, e.g. a column sum of a matrix).
public sealed unsafe partial class CpuBackend
{
    public void Reduce(ReduceOp op, Tensor x, int[] axes, Tensor dst)
    {
        var level = BeginOp();
        float* px = Ptr(x), pd = Ptr(dst) + dst.Offset;
        var kept = Enumerable.Range(0, x.Rank).Where(a => !axes.Contains(a)).ToArray();
        var (keptDims, keptStrides) = Coalesce(kept.Select(a => x.Shape[a]).ToArray(), kept.Select(a => x.Strides[a]).ToArray());
        var (redDims, redStrides) = Coalesce(axes.Select(a => x.Shape[a]).ToArray(), axes.Select(a => x.Strides[a]).ToArray());
        long keptCount = keptDims.Aggregate(1L, (p, d) => p * d);
        long redCount = redDims.Aggregate(1L, (p, d) => p * d);
        if (keptCount == 0) return;
        if (redCount == 0)
        {
            new Span<float>(pd, (int)keptCount).Fill(op == ReduceOp.Mean ? float.NaN : 0f);
            return;
        }
        bool isMax = op == ReduceOp.Max;
        float scale = op == ReduceOp.Mean ? 1f / redCount : 1f;
        long xOffset = x.Offset;

        if (redDims.Length == 1 && redStrides[0] == 1)
        {
            // Each output reduces one contiguous run of redCount elements.
            Parallelism.ForRanges(keptCount, Math.Max(1, (1 << 15) / redCount), (s, e) =>
            {
                for (long k = s; k < e; k++)
                {
                    float* run = px + xOffset + OffsetOf(k, keptDims, keptStrides);
                    float r = isMax ? MaxRun(run, redCount, level) : SumRun(run, redCount, level);
                    pd[k] = r * scale;
                }
            });
            return;
        }

        // Fold reduced positions, in order, into rows of the innermost kept axis.
        long inner = keptDims.Length == 0 ? 1 : keptDims[^1];
        long innerStride = keptDims.Length == 0 ? 0 : keptStrides[^1];
        if (!isMax && innerStride != 1)
        {
            SumInChains(px + xOffset, keptCount, keptDims, keptStrides, redCount, redDims, redStrides, scale, pd);
            return;
        }
        long outerCount = keptCount / inner;
        // Column chunks: long enough to amortise the walk over reduced positions, short enough for L1,
        // and enough of them to keep every thread busy.
        long chunk = inner <= 256 ? inner : Math.Clamp((inner / CpuThreads.Count + 7) & ~7L, 256, 2048);
        long chunksPerRow = (inner + chunk - 1) / chunk;
        Parallelism.ForRanges(outerCount * chunksPerRow, Math.Max(1, (1 << 15) / (redCount * chunk)), (s, e) =>
        {
            for (long w = s; w < e; w++)
            {
                long row = w / chunksPerRow, c0 = w % chunksPerRow * chunk, n = Math.Min(chunk, inner - c0);
                float* acc = pd + row * inner + c0;
                float* src = px + xOffset + OffsetOf(row * inner, keptDims, keptStrides) + c0 * innerStride;
                for (long r = 0; r < redCount; r++)
                {
                    float* p = src + (redDims.Length == 1 ? r * redStrides[0] : OffsetOf(r, redDims, redStrides));
                    if (r == 0)
                        for (long i = 0; i < n; i++) acc[i] = p[i * innerStride];
                    else if (isMax)
                        ElementwiseLoops.Binary(new MaximumKernel(), acc, 1, p, innerStride, acc, 1, n, level);
                    else
                        ElementwiseLoops.Binary(new AddKernel(), acc, 1, p, innerStride, acc, 1, n, level);
                }
                if (scale != 1f)
                    for (long i = 0; i < n; i++) acc[i] *= scale;
            }
        });
    }

    /// <summary>Storage offset of linear index <paramref name="index"/> in a row-major walk of (dims, strides).</summary>
    private static long OffsetOf(long index, int[] dims, long[] strides)
    {
        long off = 0;
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            off += index % dims[d] * strides[d];
            index /= dims[d];
        }
        return off;
    }

    /// <summary>Drops size-1 axes and merges adjacent axes that are laid out as one.</summary>
    private static (int[] Dims, long[] Strides) Coalesce(int[] dims, long[] strides)
    {
        var d = new List<int>();
        var s = new List<long>();
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == 1) continue;
            if (d.Count > 0 && s[^1] == strides[i] * dims[i])
            {
                d[^1] *= dims[i];
                s[^1] = strides[i];
            }
            else
            {
                d.Add(dims[i]);
                s.Add(strides[i]);
            }
        }
        if (dims.Any(v => v == 0)) return ([0], [1]);
        return ([.. d], [.. s]);
    }

    /// <summary>Sum of a contiguous run: four vector accumulators, combined in a fixed order, then the tail.</summary>
    internal static float SumRun(float* p, long n, SimdLevel level) => SumTerms(new RunTerms(p), n, level);

    /// <summary>
    /// sum_i a_i b_i over the rounded products, in exactly <see cref="SumRun"/>'s order: the bits of Sum(a * b) over
    /// one contiguous row, without the product tensor.
    /// </summary>
    internal static float SumProductRun(float* a, float* b, long n, SimdLevel level) => SumTerms(new ProductTerms(a, b), n, level);

    /// <summary>The one owner of the row-sum order: four accumulators per vector width, combined (a0 + a1) + (a2 + a3).</summary>
    private static float SumTerms<T>(T t, long n, SimdLevel level) where T : struct, ISumTerms
    {
        long i = 0;
        float sum = 0f;
        if (level >= SimdLevel.Vector256 && n >= 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                a0 += t.Load256(i);
                a1 += t.Load256(i + 8);
                a2 += t.Load256(i + 16);
                a3 += t.Load256(i + 24);
            }
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        else if (level >= SimdLevel.Vector128 && n >= 16)
        {
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 16; i += 16)
            {
                a0 += t.Load128(i);
                a1 += t.Load128(i + 4);
                a2 += t.Load128(i + 8);
                a3 += t.Load128(i + 12);
            }
            sum = Vector128.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) sum += t.At(i);
        return sum;
    }

    /// <summary>The terms of a row sum, read at vector or scalar width.</summary>
    private interface ISumTerms
    {
        Vector256<float> Load256(long i);
        Vector128<float> Load128(long i);
        float At(long i);
    }

    private readonly struct RunTerms(float* p) : ISumTerms
    {
        public Vector256<float> Load256(long i) => Vector256.Load(p + i);
        public Vector128<float> Load128(long i) => Vector128.Load(p + i);
        public float At(long i) => p[i];
    }

    /// <summary>Terms a_i * b_i, each product rounded before it is added (no fused multiply-add).</summary>
    private readonly struct ProductTerms(float* a, float* b) : ISumTerms
    {
        public Vector256<float> Load256(long i) => Vector256.Load(a + i) * Vector256.Load(b + i);
        public Vector128<float> Load128(long i) => Vector128.Load(a + i) * Vector128.Load(b + i);
        public float At(long i) => a[i] * b[i];
    }

    /// <summary>Maximum of a non-empty contiguous run.</summary>
    internal static float MaxRun(float* p, long n, SimdLevel level)
    {
        long i = 0;
        float max = float.NegativeInfinity;
        if (level >= SimdLevel.Vector256 && n >= 16)
        {
            Vector256<float> m0 = Vector256.Create(float.NegativeInfinity), m1 = m0;
            for (; i <= n - 16; i += 16)
            {
                m0 = Vector256.Max(m0, Vector256.Load(p + i));
                m1 = Vector256.Max(m1, Vector256.Load(p + i + 8));
            }
            var m = Vector256.Max(m0, m1);
            for (int l = 0; l < 8; l++) max = MathF.Max(max, m.GetElement(l));
        }
        else if (level >= SimdLevel.Vector128 && n >= 8)
        {
            Vector128<float> m0 = Vector128.Create(float.NegativeInfinity), m1 = m0;
            for (; i <= n - 8; i += 8)
            {
                m0 = Vector128.Max(m0, Vector128.Load(p + i));
                m1 = Vector128.Max(m1, Vector128.Load(p + i + 4));
            }
            var m = Vector128.Max(m0, m1);
            for (int l = 0; l < 4; l++) max = MathF.Max(max, m.GetElement(l));
        }
        for (; i < n; i++) max = MathF.Max(max, p[i]);
        return max;
    }

    public void ArgMax(Tensor x, int axis, Tensor dst)
    {
        BeginOp();
        t_lastPath = SimdLevel.Scalar; // one scalar path: a first-maximum scan does not vectorise usefully here
        float* px = Ptr(x), pd = Ptr(dst) + dst.Offset;
        var kept = Enumerable.Range(0, x.Rank).Where(a => a != axis).ToArray();
        int[] keptDims = kept.Select(a => x.Shape[a]).ToArray();
        long[] keptStrides = kept.Select(a => x.Strides[a]).ToArray();
        long count = keptDims.Aggregate(1L, (p, d) => p * d);
        int n = x.Shape[axis];
        long stride = x.Strides[axis], xOffset = x.Offset;
        Parallelism.ForRanges(count, Math.Max(1, (1 << 14) / n), (s, e) =>
        {
            for (long k = s; k < e; k++)
            {
                float* row = px + xOffset + OffsetOf(k, keptDims, keptStrides);
                int best = 0;
                float bestValue = row[0];
                for (int i = 1; i < n; i++)
                {
                    float v = row[i * stride];
                    if (v > bestValue || (float.IsNaN(v) && !float.IsNaN(bestValue)))
                    {
                        best = i;
                        bestValue = v;
                    }
                }
                pd[k] = best;
            }
        });
    }
}
