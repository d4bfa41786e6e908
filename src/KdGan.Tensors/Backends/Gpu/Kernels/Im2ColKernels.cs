using ILGPU;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// The geometry of a sliding-window op over [planes, H, W] images (a plane is one (image, channel) pair):
/// output [planes, OH, OW], window KH x KW, stride and zero/-inf padding; base offsets of the operands.
/// </summary>
public struct WindowArgs
{
    public int H, W, OH, OW;
    public int KH, KW, Stride, Pad;
    /// <summary>Base offsets of the input (x, or the columns / output gradient), the output and the argmax operand.</summary>
    public int XOffset, YOffset, AOffset;
    /// <summary>1 / (KH * KW) for average pooling.</summary>
    public float Scale;
}

/// <summary>
/// im2col and its adjoint col2im on contiguous operands: the GPU twins of Cpu/CpuBackend.Conv.cs, with
/// ReferenceLayerOps.Im2Col / Col2Im as the spec. Layout of the columns:
///   cols[plane, (i*KW + j), oy*OW + ox] = x[plane, oy*S - P + i, ox*S - P + j]   (0 outside the image)
/// (a plane being one (image, channel) pair, so cols [N, C*KH*KW, OH*OW] is this with the planes of one image adjacent).
/// </summary>
public static class Im2ColKernels
{
    /// <summary>One thread per column entry: consecutive threads walk ox, so stride-1 reads are coalesced.</summary>
    public static void Im2Col(Index1D index, ArrayView<float> x, ArrayView<float> cols, WindowArgs a)
    {
        int e = index;
        int ox = e % a.OW;
        int t = e / a.OW;
        int oy = t % a.OH;
        t /= a.OH;
        int j = t % a.KW;
        t /= a.KW;
        int i = t % a.KH;
        int plane = t / a.KH;
        int iy = oy * a.Stride - a.Pad + i, ix = ox * a.Stride - a.Pad + j;
        float v = 0f;
        if (iy >= 0 && iy < a.H && ix >= 0 && ix < a.W) v = x[a.XOffset + (plane * a.H + iy) * a.W + ix];
        cols[a.YOffset + e] = v;
    }

    /// <summary>
    /// One thread per image pixel, gathering (no atomics, no scatter): the column entries copied from this pixel
    /// are those with oy*S = iy + P - i and ox*S = ix + P - j, at most one per (i, j). They are added in (i, j)
    /// order starting from 0, the order the CPU backend accumulates them in, so the sums are bit-identical.
    /// </summary>
    public static void Col2Im(Index1D index, ArrayView<float> cols, ArrayView<float> dx, WindowArgs a)
    {
        int e = index;
        int ix = e % a.W;
        int t = e / a.W;
        int iy = t % a.H;
        int plane = t / a.H;
        int positions = a.OH * a.OW;
        int planeBase = a.XOffset + plane * a.KH * a.KW * positions;
        float sum = 0f;
        for (int i = 0; i < a.KH; i++)
        {
            int ty = iy + a.Pad - i;
            if (ty < 0) break; // ty only decreases with i
            int oy = ty / a.Stride;
            if (oy * a.Stride != ty || oy >= a.OH) continue;
            int rowBase = planeBase + i * a.KW * positions + oy * a.OW;
            for (int j = 0; j < a.KW; j++)
            {
                int tx = ix + a.Pad - j;
                if (tx < 0) break;
                int ox = tx / a.Stride;
                if (ox * a.Stride != tx || ox >= a.OW) continue;
                sum += cols[rowBase + j * positions + ox];
            }
        }
        dx[a.YOffset + e] = sum;
    }
}
