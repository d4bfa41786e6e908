using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

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
                int j = 0;
                if (rowStride == 1 && Avx.IsSupported)
                {
                    // Column-major B (a transposed row-major matrix, e.g. a linear layer's weight): 8 x 8 blocks
                    // transposed in registers instead of one scattered store per element.
                    for (; j + 8 <= cols; j += 8)
                    {
                        int p = 0;
                        for (; p + 8 <= kc; p += 8) Transpose8x8(src + j * colStride + p, colStride, dst + p * nr + j, nr);
                        for (; p < kc; p++)
                            for (int c = 0; c < 8; c++) dst[p * nr + j + c] = src[(j + c) * colStride + p];
                    }
                }
                for (; j < cols; j++)
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

    /// <summary>d[k * ds + i] = s[i * ss + k] for i, k in 0..7 (AVX: unpack, shuffle, then swap 128-bit halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, long ss, float* d, int ds)
    {
        Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ss), r2 = Avx.LoadVector256(s + 2 * ss), r3 = Avx.LoadVector256(s + 3 * ss);
        Vector256<float> r4 = Avx.LoadVector256(s + 4 * ss), r5 = Avx.LoadVector256(s + 5 * ss), r6 = Avx.LoadVector256(s + 6 * ss), r7 = Avx.LoadVector256(s + 7 * ss);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ds, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ds, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ds, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ds, Avx.Permute2x128(u3, u7, 0x31));
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
