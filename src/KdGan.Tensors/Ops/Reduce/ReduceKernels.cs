using ILGPU;
using ILGPU.Algorithms.ScanReduceOperations;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// Reductions over axes. The input is seen as [kept..., reduced...]: output <c>o</c> folds the reduced
/// positions <c>r</c> at <c>x[kept(o) + reduced(r)]</c>. Two kernels, both deterministic (a fixed thread
/// per partial sum and a fixed combining tree, no atomics):
///  - <see cref="PerGroup{TReduce}"/>: one group per output; thread t folds r = t, t + G, ... then a fixed-order
///    group reduction (<see cref="GroupReduce"/>). For long or contiguous reduced runs (row sums).
///  - <see cref="PerThread{TReduce}"/>: one thread per output, folding r in order. For many outputs with
///    short reduced extents, and coalesced when the kept axis is contiguous (column sums).
/// </summary>
public static class ReduceKernels
{
    public static void PerGroup<TReduce>(ArrayView<float> x, Dims6 keptDims, Strides6 kept, Dims6 redDims, Strides6 red,
        int redCount, ArrayView<float> y, float scale)
        where TReduce : struct, IScanReduceOperation<float>
    {
        var scratch = SharedMemory.Allocate<float>(GroupReduce.MaxGroup);
        TReduce op = default;
        int o = Grid.IdxX;
        int baseOffset = Coords6.Split(o, keptDims).At(kept);
        float acc = op.Identity;
        for (int r = Group.IdxX; r < redCount; r += Group.DimX)
            acc = op.Apply(acc, x[baseOffset + Coords6.Split(r, redDims).At(red)]);
        float total = GroupReduce.All<TReduce>(scratch, acc);
        if (Group.IsFirstThread) y[o] = total * scale;
    }

    public static void PerThread<TReduce>(Index1D index, ArrayView<float> x, Dims6 keptDims, Strides6 kept, Dims6 redDims, Strides6 red,
        int redCount, ArrayView<float> y, float scale)
        where TReduce : struct, IScanReduceOperation<float>
    {
        TReduce op = default;
        int o = index;
        int baseOffset = Coords6.Split(o, keptDims).At(kept);
        float acc = op.Identity;
        for (int r = 0; r < redCount; r++)
            acc = op.Apply(acc, x[baseOffset + Coords6.Split(r, redDims).At(red)]);
        y[o] = acc * scale;
    }

    /// <summary>Index of the first maximum along one axis (NaN counts as the maximum, as on the CPU), one thread per output.</summary>
    public static void ArgMax(Index1D index, ArrayView<float> x, Dims6 keptDims, Strides6 kept, int n, int stride, ArrayView<float> y)
    {
        int o = index;
        int baseOffset = Coords6.Split(o, keptDims).At(kept);
        int best = 0;
        float bestValue = x[baseOffset];
        for (int i = 1; i < n; i++)
        {
            float v = x[baseOffset + i * stride];
            if (v > bestValue || (float.IsNaN(v) && !float.IsNaN(bestValue)))
            {
                best = i;
                bestValue = v;
            }
        }
        y[o] = best;
    }
}

/// <summary>NaN-propagating max for reductions (MathF.Max semantics, which the CPU backend's reductions follow).</summary>
public struct GpuMaxReduce : IScanReduceOperation<float>
{
    public readonly string CLCommand => "max";
    public readonly float Identity => float.NegativeInfinity;
    public readonly float Apply(float first, float second) =>
        float.IsNaN(first) || float.IsNaN(second) ? first + second : (first > second ? first : second);
    public readonly void AtomicApply(ref float target, float value) => Atomic.Max(ref target, value);
}
