using ILGPU;
using ILGPU.Runtime;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

// Gumbel-max and Gumbel-softmax sampling (IGumbelKernels) on the GPU: the kernels are in GumbelKernels.cs beside this
// file. Inputs are made contiguous first; every output element is written by one thread, so the result is deterministic.
public sealed partial class GpuBackend : IGumbelKernels
{
    public void GumbelMax(Tensor logits, ulong seed, ulong offset, Tensor indices)
    {
        RequireContiguous(indices, nameof(GumbelMax));
        if (indices.NumElements == 0) return;
        using var lc = logits.Contiguous();
        Begin();
        var a = new GumbelArgs
        {
            Rows = logits.Shape[0], Classes = logits.Shape[1], Samples = indices.Shape[1],
            LOffset = checked((int)lc.Offset), YOffset = checked((int)indices.Offset), Seed = seed, Offset = offset,
        };
        Kernels.Auto(KernelTable.GumbelMax, Count(indices), View(lc), View(indices), a);
    }

    public void GumbelSoftmax(Tensor logits, float tau, ulong seed, ulong offset, Tensor y)
    {
        RequireContiguous(y, nameof(GumbelSoftmax));
        int classes = logits.Shape[-1];
        if (classes == 0 || logits.NumElements == 0) return;
        using var lc = logits.Contiguous();
        Begin();
        int rows = checked((int)(logits.NumElements / classes));
        var a = new GumbelArgs
        {
            Rows = rows, Classes = classes, Samples = 1,
            LOffset = checked((int)lc.Offset), YOffset = checked((int)y.Offset), Seed = seed, Offset = offset, InvTau = 1f / tau,
        };
        // Threads of a row walk its Philox blocks (4 classes each; one more where the row starts mid-block).
        Kernels.Grouped(KernelTable.GumbelSoftmax, new KernelConfig(rows, GroupFor(classes / 4 + 1)), View(lc), View(y), a);
    }
}
