using System.Runtime.InteropServices;

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
        long cols = (long)g.L * g.N;
        float* xt = Alloc((long)g.C * g.Hp * g.Wp * g.N), yt = Alloc(g.O * cols);
        long* rowOffset = (long*)Alloc(g.K * 2L), pixelOffset = (long*)Alloc(g.L * 2L);
        try
        {
            BatchInnerLayout.PadInput(Ptr(x) + x.Offset, g, xt);
            for (int c = 0, p = 0; c < g.C; c++)
                for (int i = 0; i < g.KH; i++)
                    for (int j = 0; j < g.KW; j++)
                        rowOffset[p++] = (((long)c * g.Hp + i) * g.Wp + j) * g.N;
            for (int oy = 0, l = 0; oy < g.OH; oy++)
                for (int ox = 0; ox < g.OW; ox++)
                    pixelOffset[l++] = ((long)oy * stride * g.Wp + (long)ox * stride) * g.N;
            var patches = new ConvPatchesB(xt, rowOffset, pixelOffset, g.N);
            Sgemm.MultiplyPacked(g.O, checked((int)cols), g.K, Ptr(w) + w.Offset, g.K, 1, patches, yt, cols, accumulate: false, CpuThreads.Count);
            BatchInnerLayout.ToImages(yt, bias is null ? null : Ptr(bias) + bias.Offset, g, Ptr(y) + y.Offset);
        }
        finally
        {
            NativeMemory.AlignedFree(xt);
            NativeMemory.AlignedFree(yt);
            NativeMemory.AlignedFree(rowOffset);
            NativeMemory.AlignedFree(pixelOffset);
        }
    }

    /// <summary>Scratch floats for one call, 64-byte aligned (freed by the caller).</summary>
    private static float* Alloc(long floats) => (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, floats) * sizeof(float), 64);
}
