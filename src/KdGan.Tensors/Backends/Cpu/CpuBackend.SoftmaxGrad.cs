using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

// The softmax gradient in one pass per row, parallel over rows: s = sum_j g_j y_j with the accumulators and
// combining order of SumRun (each product rounded, then added, as the composition's g * y then Sum), then
// dx = y * (g - s), times 1/T when T != 1: every element gets the composition's bits, for any thread count.
public sealed unsafe partial class CpuBackend : ISoftmaxGradKernels
{
    public void SoftmaxBackward(Tensor y, Tensor g, float temperature, Tensor dx)
    {
        var level = BeginOp();
        int n = y.Shape[-1];
        if (n == 0 || y.NumElements == 0) return;
        long rows = y.NumElements / n;
        float* py = Ptr(y) + y.Offset, pg = Ptr(g) + g.Offset, pd = Ptr(dx) + dx.Offset;
        bool scale = temperature != 1;
        float invT = 1f / temperature;
        Parallelism.ForRanges(rows, Math.Max(1, 4096 / n), (s, e) =>
        {
            for (long r = s; r < e; r++)
            {
                float* yr = py + r * n, gr = pg + r * n, dr = pd + r * n;
                float sum = SumProductRun(gr, yr, n, level);
                int i = 0;
                if (level >= SimdLevel.Vector256)
                {
                    Vector256<float> vs = Vector256.Create(sum), vt = Vector256.Create(invT);
                    for (; i <= n - 8; i += 8)
                    {
                        var d = Vector256.Load(yr + i) * (Vector256.Load(gr + i) - vs);
                        (scale ? d * vt : d).Store(dr + i);
                    }
                }
                else if (level >= SimdLevel.Vector128)
                {
                    Vector128<float> vs = Vector128.Create(sum), vt = Vector128.Create(invT);
                    for (; i <= n - 4; i += 4)
                    {
                        var d = Vector128.Load(yr + i) * (Vector128.Load(gr + i) - vs);
                        (scale ? d * vt : d).Store(dr + i);
                    }
                }
                for (; i < n; i++)
                {
                    float d = yr[i] * (gr[i] - sum);
                    dr[i] = scale ? d * invT : d;
                }
            }
        });
    }

    /// <summary>sum_i a_i b_i in exactly <see cref="SumRun"/>'s order over the rounded products a_i * b_i.</summary>
    private static float SumProductRun(float* a, float* b, long n, SimdLevel level)
    {
        long i = 0;
        float sum = 0f;
        if (level >= SimdLevel.Vector256 && n >= 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                a0 += Vector256.Load(a + i) * Vector256.Load(b + i);
                a1 += Vector256.Load(a + i + 8) * Vector256.Load(b + i + 8);
                a2 += Vector256.Load(a + i + 16) * Vector256.Load(b + i + 16);
                a3 += Vector256.Load(a + i + 24) * Vector256.Load(b + i + 24);
            }
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        else if (level >= SimdLevel.Vector128 && n >= 16)
        {
            Vector128<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 16; i += 16)
            {
                a0 += Vector128.Load(a + i) * Vector128.Load(b + i);
                a1 += Vector128.Load(a + i + 4) * Vector128.Load(b + i + 4);
                a2 += Vector128.Load(a + i + 8) * Vector128.Load(b + i + 8);
                a3 += Vector128.Load(a + i + 12) * Vector128.Load(b + i + 12);
            }
            sum = Vector128.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }
}
