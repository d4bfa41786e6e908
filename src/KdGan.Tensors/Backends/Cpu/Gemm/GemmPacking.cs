using System.Runtime.CompilerServices;

namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// Packs operand blocks into the contiguous, zero-padded panels the micro-kernels stream through.
/// Any strides are accepted, so transposed or strided views need no copy beforehand.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the mc x kc block of A whose (0,0) element is at <paramref name="a"/> into
    /// ceil(mc/mr) panels of kc x mr floats: panel q holds rows q*mr.., element (r,p) at
    /// dst[q*kc*mr + p*mr + r]. Rows past mc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(int mc, int kc, float* a, long rowStride, long colStride, int mr, float* dst)
    {
        for (int i0 = 0; i0 < mc; i0 += mr)
        {
            int rows = Math.Min(mr, mc - i0);
            float* src = a + i0 * rowStride;
            if (colStride == 1)
            {
                // Row-major A: read each row contiguously, scatter with stride mr.
                for (int r = 0; r < rows; r++)
                {
                    float* s = src + r * rowStride;
                    float* d = dst + r;
                    for (int p = 0; p < kc; p++) d[p * mr] = s[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * colStride;
                    float* d = dst + p * mr;
                    for (int r = 0; r < rows; r++) d[r] = s[r * rowStride];
                }
            }
            if (rows < mr)
                ZeroTail(dst, kc, mr, rows);
            dst += (long)kc * mr;
        }
    }

    /// <summary>
    /// Packs the kc x nc block of B whose (0,0) element is at <paramref name="b"/> into
    /// ceil(nc/nr) panels of kc x nr floats: panel q holds columns q*nr.., element (p,j) at
    /// dst[q*kc*nr + p*nr + j]. Columns past nc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(int kc, int nc, float* b, long rowStride, long colStride, int nr, float* dst)
    {
        for (int j0 = 0; j0 < nc; j0 += nr)
        {
            int cols = Math.Min(nr, nc - j0);
            float* src = b + j0 * colStride;
            if (colStride == 1)
            {
                // Row-major B: each packed row is a contiguous copy.
                for (int p = 0; p < kc; p++)
                    Copy(src + p * rowStride, dst + p * nr, cols);
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    float* s = src + j * colStride;
                    float* d = dst + j;
                    for (int p = 0; p < kc; p++) d[p * nr] = s[p * rowStride];
                }
            }
            if (cols < nr)
                ZeroTail(dst, kc, nr, cols);
            dst += (long)kc * nr;
        }
    }

    /// <summary>Zeroes entries [valid, width) of each of the kc packed rows of one panel.</summary>
    private static void ZeroTail(float* panel, int kc, int width, int valid)
    {
        for (int p = 0; p < kc; p++)
        {
            float* d = panel + p * width;
            for (int x = valid; x < width; x++) d[x] = 0f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        Unsafe.CopyBlockUnaligned(dst, src, (uint)count * sizeof(float));
    }
}
