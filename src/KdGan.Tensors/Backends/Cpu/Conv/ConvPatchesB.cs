using KdGan.Tensors.Backends.Cpu.Gemm;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// The patch matrix of a convolution as the GEMM's B operand, read straight from the padded batch-innermost
/// input xt [C, Hp, Wp, N] and never materialised: row p = (c, i, j) is a kernel tap, column q = l * N + n is output
/// pixel l of image n, and B(p, q) = xt[c, oy*s + i, ox*s + j, n] with l = oy * OW + ox. Consecutive columns are
/// consecutive images of one pixel, so a panel row is one block copy per pixel it touches.
/// </summary>
/// <param name="xt">The padded input.</param>
/// <param name="rowOffset">Offset in xt of tap p at pixel (0, 0), for each of the K rows.</param>
/// <param name="pixelOffset">Offset in xt of the patch corner of output pixel l, for each of the L pixels.</param>
/// <param name="batch">N, the images per pixel.</param>
internal readonly unsafe struct ConvPatchesB(float* xt, long* rowOffset, long* pixelOffset, int batch) : IGemmSourceB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        int* segSrcPixel = stackalloc int[nr];
        int* segImage = stackalloc int[nr];
        int* segLength = stackalloc int[nr];
        int* segDst = stackalloc int[nr];
        for (int q0 = 0; q0 < nc; q0 += nr, dst += (long)kc * nr)
        {
            int cols = Math.Min(nr, nc - q0);
            // The panel's columns as runs of consecutive images of one pixel.
            int segments = 0;
            for (int done = 0; done < cols;)
            {
                int q = j0 + q0 + done, l = q / batch, n = q % batch, len = Math.Min(batch - n, cols - done);
                segSrcPixel[segments] = l;
                segImage[segments] = n;
                segLength[segments] = len;
                segDst[segments] = done;
                segments++;
                done += len;
            }
            for (int p = 0; p < kc; p++)
            {
                float* src = xt + rowOffset[p0 + p];
                float* d = dst + (long)p * nr;
                for (int s = 0; s < segments; s++)
                    Copy(src + pixelOffset[segSrcPixel[s]] + segImage[s], d + segDst[s], segLength[s]);
                for (int x = cols; x < nr; x++) d[x] = 0f;
            }
        }
    }

    /// <summary>A short run (at most one panel width) copied with whole vectors: cheaper than a memmove call per run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int length)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= length; i += 16) Vector512.Load(src + i).Store(dst + i);
        for (; i + 8 <= length; i += 8) Vector256.Load(src + i).Store(dst + i);
        for (; i < length; i++) dst[i] = src[i];
    }
}
