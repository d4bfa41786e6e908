using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Backends.Gpu;

// Draws from the counter-based stream: one thread per Philox block (Kernels/PhiloxKernels.cs). Element i of a
// draw equals RandomStream.Sample(distribution, seed, offset, i) on the CPU: bit for bit for uniform draws,
// within float rounding of the transcendentals for normal and Gumbel draws.
public sealed partial class GpuBackend
{
    public void Random(RandomDistribution distribution, ulong seed, ulong offset, Tensor dst)
    {
        if (!dst.IsContiguous) throw new ArgumentException("Random: the destination must be contiguous.");
        if (dst.NumElements == 0) return;
        Begin();
        int count = Count(dst);
        int blocks = checked((int)RandomStream.BlocksFor(distribution, count));
        Kernels.Auto(KernelTable.Random(distribution), blocks, View(dst).SubView(dst.Offset, count), count, seed, offset);
    }
}
