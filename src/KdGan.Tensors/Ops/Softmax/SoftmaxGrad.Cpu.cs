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
}
