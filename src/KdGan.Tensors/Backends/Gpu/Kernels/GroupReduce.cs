using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms.ScanReduceOperations;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// A deterministic group reduction: every thread writes its partial to shared memory, then a halving tree
/// (partial i combines with i + s, s = G/2, G/4, ..., 1) with a barrier per level. The combining order depends
/// only on the group size, on every accelerator, so results are bit-identical run to run. (ILGPU.Algorithms'
/// group reductions were measured not to be run-to-run identical on the CPU accelerator.) The group size must
/// be a power of two no larger than <see cref="MaxGroup"/>; every thread gets the result.
/// </summary>
public static class GroupReduce
{
    public const int MaxGroup = 256;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float All<TReduce>(ArrayView<float> scratch, float value)
        where TReduce : struct, IScanReduceOperation<float>
    {
        TReduce op = default;
        int tid = Group.IdxX;
        scratch[tid] = value;
        Group.Barrier();
        for (int s = Group.DimX >> 1; s > 0; s >>= 1)
        {
            if (tid < s) scratch[tid] = op.Apply(scratch[tid], scratch[tid + s]);
            Group.Barrier();
        }
        float result = scratch[0];
        Group.Barrier(); // every thread has read the result before scratch is reused
        return result;
    }
}
