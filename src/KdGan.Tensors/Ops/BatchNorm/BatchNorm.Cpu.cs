using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

// Fused training-mode batch norm (IBatchNormKernels), parallel over channels: each channel is N runs of S contiguous
// floats, reduced by one thread in a fixed order (the row-sum order of SumTerms per run, runs added in double), so the
// bits do not depend on the thread count. Forward makes three passes (sum, centred squares, write), backward two
// (sum dy and sum dy (x - mean), then write), against about ten for the composition of primitives.
public sealed unsafe partial class CpuBackend : IBatchNormKernels
{
    public void BatchNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor variance)
    {
        var level = BeginOp();
        var (n, c, s) = BatchNormOps.Dims(x.Shape);
        float* px = Ptr(x) + x.Offset, py = Ptr(y) + y.Offset, pg = Ptr(gamma) + gamma.Offset, pb = Ptr(beta) + beta.Offset;
        float* pm = Ptr(mean) + mean.Offset, pv = Ptr(variance) + variance.Offset;
        double count = (double)n * s;
        Parallelism.ForRanges(c, ChannelsPerThread(n, s), (first, end) =>
        {
            for (long ch = first; ch < end; ch++)
            {
                double sum = 0, squares = 0;
                for (long i = 0; i < n; i++) sum += SumRun(px + (i * c + ch) * s, s, level);
                float mu = (float)(sum / count);
                for (long i = 0; i < n; i++) squares += SumTerms(new CentredSquareTerms(px + (i * c + ch) * s, mu), s, level);
                float v = (float)(squares / count);
                float scale = pg[ch] / MathF.Sqrt(v + eps);
                // y = (x - mean) * scale + beta, scale = gamma / sqrt(var + eps)
                for (long i = 0; i < n; i++)
                {
                    long at = (i * c + ch) * s;
                    AffineOfCentred(px + at, null, py + at, s, mu, scale, 0f, pb[ch], level);
                }
                pm[ch] = mu;
                pv[ch] = v;
            }
        });
    }

    public void BatchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor variance, float eps, Tensor dx, Tensor dgamma, Tensor dbeta)
    {
        var level = BeginOp();
        var (n, c, s) = BatchNormOps.Dims(x.Shape);
        float* pd = Ptr(dy) + dy.Offset, px = Ptr(x) + x.Offset, pg = Ptr(gamma) + gamma.Offset, pm = Ptr(mean) + mean.Offset;
        float* pv = Ptr(variance) + variance.Offset, po = Ptr(dx) + dx.Offset, pdg = Ptr(dgamma) + dgamma.Offset, pdb = Ptr(dbeta) + dbeta.Offset;
        double count = (double)n * s;
        Parallelism.ForRanges(c, ChannelsPerThread(n, s), (first, end) =>
        {
            for (long ch = first; ch < end; ch++)
            {
                float mu = pm[ch], r = 1f / MathF.Sqrt(pv[ch] + eps);
                double sumDy = 0, sumDyCentred = 0;
                for (long i = 0; i < n; i++)
                {
                    long at = (i * c + ch) * s;
                    sumDy += SumRun(pd + at, s, level);
                    sumDyCentred += SumTerms(new CentredProductTerms(pd + at, px + at, mu), s, level);
                }
                // dx = k (dy - sumDy / M - xhat sum(dy xhat) / M), k = gamma r, xhat = (x - mean) r:
                //    = k dy + b (x - mean) + c0, b = -k r^2 sumDyCentred / M, c0 = -k sumDy / M
                float k = pg[ch] * r;
                float b = (float)(-k * (double)r * r * sumDyCentred / count), c0 = (float)(-k * sumDy / count);
                for (long i = 0; i < n; i++)
                {
                    long at = (i * c + ch) * s;
                    AffineOfCentred(px + at, pd + at, po + at, s, mu, b, k, c0, level);
                }
                pdg[ch] = (float)(sumDyCentred * r);
                pdb[ch] = (float)sumDy;
            }
        });
    }

    /// <summary>Channels per thread so that a thread gets at least 2^14 values (short channels stay on one thread).</summary>
    private static long ChannelsPerThread(int n, int s) => Math.Max(1, (1L << 14) / Math.Max(1L, (long)n * s));

    /// <summary>out = a (x - mean) + k g + c over one run (g null: no k g term); the same sub-multiply-add in every lane width.</summary>
    private static void AffineOfCentred(float* x, float* g, float* o, long len, float mean, float a, float k, float c, SimdLevel level)
    {
        long i = 0;
        if (level >= SimdLevel.Vector256)
        {
            Vector256<float> vm = Vector256.Create(mean), va = Vector256.Create(a), vk = Vector256.Create(k), vc = Vector256.Create(c);
            for (; i <= len - 8; i += 8)
            {
                var v = (Vector256.Load(x + i) - vm) * va + vc;
                if (g != null) v += Vector256.Load(g + i) * vk;
                v.Store(o + i);
            }
        }
        else if (level >= SimdLevel.Vector128)
        {
            Vector128<float> vm = Vector128.Create(mean), va = Vector128.Create(a), vk = Vector128.Create(k), vc = Vector128.Create(c);
            for (; i <= len - 4; i += 4)
            {
                var v = (Vector128.Load(x + i) - vm) * va + vc;
                if (g != null) v += Vector128.Load(g + i) * vk;
                v.Store(o + i);
            }
        }
        for (; i < len; i++)
        {
            float v = (x[i] - mean) * a + c;
            if (g != null) v += g[i] * k;
            o[i] = v;
        }
    }

    /// <summary>Terms (x_i - mean)^2.</summary>
    private readonly struct CentredSquareTerms(float* x, float mean) : ISumTerms
    {
        public Vector256<float> Load256(long i) { var d = Vector256.Load(x + i) - Vector256.Create(mean); return d * d; }
        public Vector128<float> Load128(long i) { var d = Vector128.Load(x + i) - Vector128.Create(mean); return d * d; }
        public float At(long i) { float d = x[i] - mean; return d * d; }
    }

    /// <summary>Terms g_i (x_i - mean).</summary>
    private readonly struct CentredProductTerms(float* g, float* x, float mean) : ISumTerms
    {
        public Vector256<float> Load256(long i) => Vector256.Load(g + i) * (Vector256.Load(x + i) - Vector256.Create(mean));
        public Vector128<float> Load128(long i) => Vector128.Load(g + i) * (Vector128.Load(x + i) - Vector128.Create(mean));
        public float At(long i) => g[i] * (x[i] - mean);
    }
}
