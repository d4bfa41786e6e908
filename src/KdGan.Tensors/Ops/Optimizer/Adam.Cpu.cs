using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

// The fused Adam update: one pass reads p, g, m, v and writes p, m, v (16 bytes read and 12 written per
// element), in place of the eleven elementwise ops of the composed update. Every element runs the same
// float operations in the same order as the composed update (no fused multiply-adds), so the result is the
// same bits, and elements are independent, so any thread split gives the same bits too.
public sealed unsafe partial class CpuBackend : IOptimizerKernels
{
    /// <summary>Elements per work item: large enough to amortise a thread hand-off, small enough to share out.</summary>
    private const long AdamChunk = 1 << 15;

    public void AdamStep(Tensor param, Tensor grad, Tensor m, Tensor v, AdamCoefficients c)
    {
        var level = BeginOp();
        float* pp = Ptr(param) + param.Offset, pg = Ptr(grad) + grad.Offset, pm = Ptr(m) + m.Offset, pv = Ptr(v) + v.Offset;
        long n = param.NumElements;
        Parallelism.ForRanges(n, AdamChunk, (s, e) => AdamRange(pp, pg, pm, pv, s, e, c, level));
    }

    private static void AdamRange(float* p, float* g, float* m, float* v, long start, long end, AdamCoefficients c, SimdLevel level)
    {
        float c1 = 1 - c.Beta1, c2 = 1 - c.Beta2;
        long i = start;
        if (level >= SimdLevel.Vector256)
        {
            Vector256<float> vc1 = Vector256.Create(c1), vb2 = Vector256.Create(c.Beta2), vc2 = Vector256.Create(c2);
            Vector256<float> vInv = Vector256.Create(c.InvSqrtBias2), vEps = Vector256.Create(c.Eps), vStep = Vector256.Create(c.StepSize);
            for (; i <= end - 8; i += 8)
            {
                var gi = Vector256.Load(g + i);
                var mi = Vector256.Load(m + i);
                mi += (gi - mi) * vc1;
                var vi = Vector256.Load(v + i) * vb2 + gi * gi * vc2;
                var denom = Vector256.Sqrt(vi) * vInv + vEps;
                mi.Store(m + i);
                vi.Store(v + i);
                (Vector256.Load(p + i) - mi / denom * vStep).Store(p + i);
            }
        }
        else if (level >= SimdLevel.Vector128)
        {
            Vector128<float> vc1 = Vector128.Create(c1), vb2 = Vector128.Create(c.Beta2), vc2 = Vector128.Create(c2);
            Vector128<float> vInv = Vector128.Create(c.InvSqrtBias2), vEps = Vector128.Create(c.Eps), vStep = Vector128.Create(c.StepSize);
            for (; i <= end - 4; i += 4)
            {
                var gi = Vector128.Load(g + i);
                var mi = Vector128.Load(m + i);
                mi += (gi - mi) * vc1;
                var vi = Vector128.Load(v + i) * vb2 + gi * gi * vc2;
                var denom = Vector128.Sqrt(vi) * vInv + vEps;
                mi.Store(m + i);
                vi.Store(v + i);
                (Vector128.Load(p + i) - mi / denom * vStep).Store(p + i);
            }
        }
        for (; i < end; i++)
        {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * c1;
            float vi = v[i] * c.Beta2 + gi * gi * c2;
            float denom = MathF.Sqrt(vi) * c.InvSqrtBias2 + c.Eps;
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] - mi / denom * c.StepSize;
        }
    }
}
