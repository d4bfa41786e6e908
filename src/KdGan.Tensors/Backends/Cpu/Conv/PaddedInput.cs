using System.Runtime.InteropServices;

namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// The padded batch-innermost copy of a convolution's input, xt [G, C, Hp, Wp, lanes] (images in groups of lanes;
/// one group of N for the GEMM's patches), with the offset tables the kernels walk one group by: the offset of
/// each kernel tap (c, i, j) at pixel (0, 0), and of each output pixel's patch corner. Scratch, given back on
/// dispose.
/// </summary>
internal sealed unsafe class PaddedInput : IDisposable
{
    private readonly ScratchBuffer _xt;

    public float* Xt => _xt.Ptr;
    public long* RowOffset { get; }
    public long* PixelOffset { get; }

    /// <summary>Floats of one group of images.</summary>
    public long GroupLength { get; }

    public PaddedInput(float* x, in ConvGeometry g, int lanes)
    {
        GroupLength = (long)g.C * g.Hp * g.Wp * lanes;
        _xt = new ScratchBuffer(GroupLength * ((g.N + lanes - 1) / lanes));
        RowOffset = (long*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, g.K) * sizeof(long), 64);
        PixelOffset = (long*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, g.L) * sizeof(long), 64);
        BatchInnerLayout.PadInput(x, g, lanes, Xt);
        for (int c = 0, p = 0; c < g.C; c++)
            for (int i = 0; i < g.KH; i++)
                for (int j = 0; j < g.KW; j++)
                    RowOffset[p++] = (((long)c * g.Hp + i) * g.Wp + j) * lanes;
        for (int oy = 0, l = 0; oy < g.OH; oy++)
            for (int ox = 0; ox < g.OW; ox++)
                PixelOffset[l++] = ((long)oy * g.Stride * g.Wp + (long)ox * g.Stride) * lanes;
    }

    public void Dispose()
    {
        _xt.Dispose();
        NativeMemory.AlignedFree(RowOffset);
        NativeMemory.AlignedFree(PixelOffset);
    }
}
