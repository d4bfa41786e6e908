using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>x read as [N, C, S], and eps.</summary>
public struct BatchNormArgs
{
    public int N, C, S;
    public float Eps;
}

/// <summary>
/// Training-mode batch norm on the GPU (<see cref="IBatchNormKernels"/>): one group per channel, its threads striding
/// over the channel's M = N * S values; every sum is a <see cref="GroupReduce"/> (a fixed tree: deterministic, no atomics).
/// </summary>
public static class BatchNormKernels
{
    /// <summary>The flat index of value e (0 &lt;= e &lt; M) of channel ch.</summary>
    private static int At(int e, int ch, BatchNormArgs a) => (e / a.S * a.C + ch) * a.S + e % a.S;

    public static void Forward(ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> beta, ArrayView<float> y,
        ArrayView<float> mean, ArrayView<float> variance, BatchNormArgs a)
    {
        var scratch = SharedMemory.Allocate<float>(GroupReduce.MaxGroup);
        int ch = Grid.IdxX, tid = Group.IdxX, step = Group.DimX, m = a.N * a.S;
        float sum = 0f;
        for (int e = tid; e < m; e += step) sum += x[At(e, ch, a)];
        float mu = GroupReduce.All<AddFloat>(scratch, sum) / m;
        float squares = 0f;
        for (int e = tid; e < m; e += step)
        {
            float d = x[At(e, ch, a)] - mu;
            squares += d * d;
        }
        float v = GroupReduce.All<AddFloat>(scratch, squares) / m;
        float scale = gamma[ch] / XMath.Sqrt(v + a.Eps), shift = beta[ch];
        for (int e = tid; e < m; e += step)
        {
            int at = At(e, ch, a);
            y[at] = (x[at] - mu) * scale + shift;
        }
        if (tid == 0)
        {
            mean[ch] = mu;
            variance[ch] = v;
        }
    }

    public static void Backward(ArrayView<float> dy, ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> mean,
        ArrayView<float> variance, ArrayView<float> dx, ArrayView<float> dgamma, ArrayView<float> dbeta, BatchNormArgs a)
    {
        var scratch = SharedMemory.Allocate<float>(GroupReduce.MaxGroup);
        int ch = Grid.IdxX, tid = Group.IdxX, step = Group.DimX, m = a.N * a.S;
        float mu = mean[ch], r = 1f / XMath.Sqrt(variance[ch] + a.Eps);
        float sumDy = 0f, sumDyCentred = 0f;
        for (int e = tid; e < m; e += step)
        {
            int at = At(e, ch, a);
            sumDy += dy[at];
            sumDyCentred += dy[at] * (x[at] - mu);
        }
        sumDy = GroupReduce.All<AddFloat>(scratch, sumDy);
        sumDyCentred = GroupReduce.All<AddFloat>(scratch, sumDyCentred);
        // dx = k dy + b (x - mean) + c, k = gamma r, b = -k r^2 sum(dy (x - mean)) / M, c = -k sum(dy) / M
        float k = gamma[ch] * r, b = -k * r * r * sumDyCentred / m, c = -k * sumDy / m;
        for (int e = tid; e < m; e += step)
        {
            int at = At(e, ch, a);
            dx[at] = (x[at] - mu) * b + c + dy[at] * k;
        }
        if (tid == 0)
        {
            dgamma[ch] = sumDyCentred * r;
            dbeta[ch] = sumDy;
        }
    }
}
