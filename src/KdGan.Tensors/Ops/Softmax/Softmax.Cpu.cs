using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

// Row-wise softmax with temperature T over the last axis, numerically stable:
//   softmax(x/T)_i = exp((x_i - m)/T) / sum_j exp((x_j - m)/T),   m = max_j x_j
//   log softmax(x/T)_i = (x_i - m)/T - log sum_j exp((x_j - m)/T)
// (subtracting m changes nothing mathematically and keeps every exponent <= 0).
public sealed unsafe partial class CpuBackend
{
    public void Softmax(Tensor x, float temperature, bool log, Tensor dst)
    {
        var level = BeginOp();
        using var xc = x.Contiguous();
        float* px = Ptr(xc) + xc.Offset, pd = Ptr(dst) + dst.Offset;
        int n = x.Shape[-1];
        if (n == 0) return;
        long rows = x.NumElements / n;
        float invT = 1f / temperature;
        Parallelism.ForRanges(rows, Math.Max(1, 4096 / n), (s, e) =>
        {
            for (long r = s; r < e; r++) SoftmaxRow(px + r * n, pd + r * n, n, invT, log, level);
        });
    }

    private static void SoftmaxRow(float* x, float* y, int n, float invT, bool log, SimdLevel level)
    {
        float max = MaxRun(x, n, level);
        // y = exp((x - max) / T), accumulating the sum
        float sum = 0f;
        int i = 0;
        if (level >= SimdLevel.Vector256)
        {
            var vm = Vector256.Create(max);
            var vt = Vector256.Create(invT);
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.Exp((Vector256.Load(x + i) - vm) * vt);
                v.Store(y + i);
                acc += v;
            }
            sum = Vector256.Sum(acc);
        }
        else if (level >= SimdLevel.Vector128)
        {
            var vm = Vector128.Create(max);
            var vt = Vector128.Create(invT);
            var acc = Vector128<float>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var v = Vector128.Exp((Vector128.Load(x + i) - vm) * vt);
                v.Store(y + i);
                acc += v;
            }
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++)
        {
            float v = MathF.Exp((x[i] - max) * invT);
            y[i] = v;
            sum += v;
        }

        if (log)
        {
            float logSum = MathF.Log(sum);
            for (int j = 0; j < n; j++) y[j] = (x[j] - max) * invT - logSum;
        }
        else
        {
            float inv = 1f / sum;
            ElementwiseLoops.Unary(new MulScalarKernel(inv), y, 1, y, 1, n, level);
        }
    }
}
