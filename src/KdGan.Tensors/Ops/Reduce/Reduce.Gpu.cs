using ILGPU;
using ILGPU.Runtime;

namespace KdGan.Tensors.Backends.Gpu;

// Reductions and argmax. The input is seen as [kept axes..., reduced axes...] (no copy): each output folds
// its reduced positions, either with one group per output (long or contiguous reduced runs) or one thread per
// output (short runs, many outputs: coalesced when the kept axis is contiguous). Both are deterministic, and
// the choice depends only on the shapes, so a given op is bit-identical run to run.
public sealed partial class GpuBackend
{
    public void Reduce(ReduceOp op, Tensor x, int[] axes, Tensor dst)
    {
        var kept = Enumerable.Range(0, x.Rank).Where(a => !axes.Contains(a)).ToArray();
        var (keptDims, keptStrides, keptCount) = GpuLayout.Axes(x, kept, x.Offset);
        var (redDims, redStrides, redCount) = GpuLayout.Axes(x, axes, 0);
        if (keptCount == 0) return;
        if (redCount == 0)
        {
            Fill(dst, op == ReduceOp.Mean ? float.NaN : 0f);
            return;
        }
        Begin();
        float scale = op == ReduceOp.Mean ? 1f / redCount : 1f;
        var y = View(dst).SubView(dst.Offset, keptCount);
        int outputs = checked((int)keptCount), reduced = checked((int)redCount);
        bool perGroup = reduced >= 64 && (redStrides.S0 == 1 || outputs < 4096);
        if (perGroup)
        {
            int group = GroupFor(reduced);
            Kernels.Grouped(KernelTable.ReducePerGroup(op), new KernelConfig(outputs, group), View(x), keptDims, keptStrides, redDims, redStrides, reduced, y, scale);
        }
        else
        {
            Kernels.Auto(KernelTable.ReducePerThread(op), outputs, View(x), keptDims, keptStrides, redDims, redStrides, reduced, y, scale);
        }
    }

    public void ArgMax(Tensor x, int axis, Tensor dst)
    {
        var kept = Enumerable.Range(0, x.Rank).Where(a => a != axis).ToArray();
        var (keptDims, keptStrides, keptCount) = GpuLayout.Axes(x, kept, x.Offset);
        if (keptCount == 0) return;
        Begin();
        Kernels.Auto(KernelTable.ArgMax, checked((int)keptCount), View(x), keptDims, keptStrides, x.Shape[axis], checked((int)x.Strides[axis]),
            View(dst).SubView(dst.Offset, keptCount));
    }

    /// <summary>A power-of-two group size for <paramref name="work"/> items per group: at least a warp, at most <see cref="GroupSize"/>.</summary>
    private int GroupFor(int work)
    {
        int g = 32;
        while (g < work && g < GroupSize) g *= 2;
        return Math.Min(g, GroupSize);
    }
}
