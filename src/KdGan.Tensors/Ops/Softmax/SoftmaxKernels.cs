using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// Row-wise softmax (or log-softmax) of x / T over contiguous rows of length n, one group per row, the
/// same numerically stable form as the CPU backend:
///   softmax(x/T)_i = exp((x_i - m)/T) / sum_j exp((x_j - m)/T),  m = max_j x_j
///   log softmax(x/T)_i = (x_i - m)/T - log sum_j exp((x_j - m)/T)
/// Three passes over the row (max, sum of exponentials, write); the row stays in L1/L2 between them.
/// Group reductions combine in a fixed tree (<see cref="GroupReduce"/>), so the result is deterministic.
/// </summary>
public static class SoftmaxKernels
{
    public static void Rows(ArrayView<float> x, ArrayView<float> y, int n, float invT, int log)
    {
        var scratch = SharedMemory.Allocate<float>(GroupReduce.MaxGroup);
        int row = Grid.IdxX;
        int start = row * n;
        int tid = Group.IdxX, step = Group.DimX;

        float max = float.NegativeInfinity;
        for (int j = tid; j < n; j += step) max = XMath.Max(max, x[start + j]);
        max = GroupReduce.All<GpuMaxReduce>(scratch, max);

        float sum = 0f;
        for (int j = tid; j < n; j += step) sum += XMath.Exp((x[start + j] - max) * invT);
        sum = GroupReduce.All<AddFloat>(scratch, sum);

        if (log != 0)
        {
            float logSum = XMath.Log(sum);
            for (int j = tid; j < n; j += step) y[start + j] = (x[start + j] - max) * invT - logSum;
        }
        else
        {
            float inv = 1f / sum;
            for (int j = tid; j < n; j += step) y[start + j] = XMath.Exp((x[start + j] - max) * invT) * inv;
        }
    }
}
