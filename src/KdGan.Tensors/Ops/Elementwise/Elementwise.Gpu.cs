namespace KdGan.Tensors.Backends.Gpu;

// The elementwise primitives on the GPU: one generic kernel per functor (ElementwiseKernels.cs), looked up in the
// kernel table by op value (KernelTable.Unary / Binary, functor Gpu{Op} in ElementwiseFunctors.Gpu.cs).
public sealed partial class GpuBackend
{
    public void Unary(UnaryOp op, Tensor x, float alpha, Tensor dst) => RunUnary(KernelTable.Unary(op), x, alpha, dst);

    private void RunUnary(KernelEntry kernel, Tensor x, float alpha, Tensor dst)
    {
        if (dst.NumElements == 0) return;
        Begin();
        var (dims, s) = GpuLayout.Elementwise(dst.Shape, x, dst);
        Kernels.Auto(kernel, Count(dst), View(x), s[0], View(dst), s[1], dims, alpha);
    }

    public void Binary(BinaryOp op, Tensor a, Tensor b, Tensor dst)
    {
        if (dst.NumElements == 0) return;
        Begin();
        var (dims, s) = GpuLayout.Elementwise(dst.Shape, a, b, dst);
        Kernels.Auto(KernelTable.Binary(op), Count(dst), View(a), s[0], View(b), s[1], View(dst), s[2], dims);
    }
}
