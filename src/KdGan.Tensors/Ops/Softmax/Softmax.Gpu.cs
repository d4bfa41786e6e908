using ILGPU;
using ILGPU.Runtime;

namespace KdGan.Tensors.Backends.Gpu;

// Row-wise softmax / log-softmax of x / T over the last axis: one group per row (SoftmaxKernels.cs beside this file).
public sealed partial class GpuBackend
{
    public void Softmax(Tensor x, float temperature, bool log, Tensor dst)
    {
        int n = x.Shape[-1];
        if (n == 0 || x.NumElements == 0) return;
        using var xc = x.Contiguous();
        Begin();
        int rows = checked((int)(x.NumElements / n));
        Kernels.Grouped(KernelTable.Softmax, new KernelConfig(rows, GroupFor(n)),
            View(xc).SubView(xc.Offset, xc.NumElements), View(dst).SubView(dst.Offset, dst.NumElements), n, 1f / temperature, log ? 1 : 0);
    }
}
