using KdGan.Tensors.Backends.Cpu.Gemm;
using KdGan.Tensors.Backends.Cpu.Conv;
namespace KdGan.Tensors.Backends.Cpu;

// The convolution forward pass as one implicit GEMM over the whole batch: Yt [O, L*N] = W [O, K] x B [K, L*N],
// B the patch matrix read straight from a padded batch-innermost copy of the input (Conv/ConvPatchesB.cs), so
// the packed weights serve every image and the patch matrix is never written out. Each output element is the
// same in-order chain over the same k slices as the per-image im2col GEMM it replaces (the k slicing depends
// on K alone), so the bits are those of the composition, for any thread count.
public sealed unsafe partial class CpuBackend : IConvKernels
{
    public void Conv2dForward(Tensor x, Tensor w, Tensor? bias, int stride, int padding, Tensor y)
    {
        BeginOp();
        var g = ConvGeometry.Of(x, w, stride, padding);
        if (ConvDirectForward.Serves(g))
        {
            ConvDirectForward.Run(Ptr(x) + x.Offset, Ptr(w) + w.Offset, bias is null ? null : Ptr(bias) + bias.Offset, g, Ptr(y) + y.Offset);
            return;
        }
        long cols = (long)g.L * g.N;
        using var input = new PaddedInput(Ptr(x) + x.Offset, g, lanes: g.N);
        using var yt = new ScratchBuffer(g.O * cols);
        var patches = new ConvPatchesB(input.Xt, input.RowOffset, input.PixelOffset, g.N);
        Sgemm.MultiplyPacked(g.O, checked((int)cols), g.K, Ptr(w) + w.Offset, g.K, 1, patches, yt.Ptr, cols, accumulate: false, CpuThreads.Count);
        BatchInnerLayout.FromBatchInner(yt.Ptr, bias is null ? null : Ptr(bias) + bias.Offset, g.O, g.L, g.N, Ptr(y) + y.Offset);
    }
}
