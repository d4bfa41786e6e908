using KdGan.Tensors.Backends.Cpu.Gemm;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// The forward convolution for a short depth (K = C * KH * KW within one GEMM k slice, e.g. LeNet's 1 -> 32 5x5
/// with K = 25), straight from NCHW: per image, a zero-padded copy of its planes; per block of 6 output
/// channels and 16 output pixels of a row, 12 AVX2 accumulators take one FMA per tap, the image row loaded
/// once for all 6 channels. At this depth the implicit GEMM spends more on its layout transforms (the batch-
/// innermost input and the [O, L*N] output turned back into NCHW) than on the arithmetic.
/// <para>
/// Bits: each output is the FMA chain over k = 0 .. K - 1 in order from zero, then + bias, which is what the
/// GEMM micro-kernels compute for a one-slice product (the composition's bits at the Vector256 and Vector512
/// levels, the only ones this runs at).
/// </para>
/// </summary>
internal static unsafe class ConvDirectForward
{
    private const int Channels = 6, Pixels = 16;

    /// <summary>Whether this kernel serves the geometry at the current SIMD level.</summary>
    public static bool Serves(in ConvGeometry g) =>
        CpuSimd.Current >= SimdLevel.Vector256 && g.Stride == 1 && g.K <= Sgemm.SliceDepth(g.K) && g.K <= 64;

    public static void Run(float* x, float* w, float* bias, in ConvGeometry g, float* y)
    {
        var geo = g;
        int blocks = (g.O + Channels - 1) / Channels;
        int rowWidth = (g.OW + Pixels - 1) / Pixels * Pixels + g.KW - 1;
        long planeLength = (long)g.Hp * rowWidth;
        // The weights [O, K] padded with zero rows to whole channel blocks, so every block runs the full tile.
        using var wp = new ScratchBuffer((long)blocks * Channels * g.K);
        new Span<float>(wp.Ptr, blocks * Channels * g.K).Clear();
        Buffer.MemoryCopy(w, wp.Ptr, (long)g.O * g.K * sizeof(float), (long)g.O * g.K * sizeof(float));
        float* wpp = wp.Ptr;
        Parallelism.ForRanges(g.N, 1, (n0, n1) =>
        {
            using var image = new ScratchBuffer(geo.C * planeLength);
            for (long n = n0; n < n1; n++)
            {
                Pad(x + n * geo.C * geo.H * geo.W, geo, rowWidth, image.Ptr);
                for (int b = 0; b < blocks; b++)
                    for (int oy = 0; oy < geo.OH; oy++)
                        for (int x0 = 0; x0 < geo.OW; x0 += Pixels)
                            Tile(image.Ptr, wpp, bias, geo, rowWidth, planeLength, (int)n, b * Channels, oy, x0, y);
            }
        });
    }

    /// <summary>One image's planes into [C, Hp, rowWidth], zero around and to the right.</summary>
    private static void Pad(float* src, in ConvGeometry g, int rowWidth, float* dst)
    {
        new Span<float>(dst, checked((int)((long)g.C * g.Hp * rowWidth))).Clear();
        for (int c = 0; c < g.C; c++)
            for (int r = 0; r < g.H; r++)
                Buffer.MemoryCopy(src + ((long)c * g.H + r) * g.W, dst + ((long)c * g.Hp + r + g.Padding) * rowWidth + g.Padding,
                    g.W * sizeof(float), g.W * sizeof(float));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(float* image, float* w, float* bias, in ConvGeometry g, int rowWidth, long planeLength,
        int n, int o0, int oy, int x0, float* y)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int kDepth = g.K;
        float* w0 = w + (long)o0 * kDepth;
        int k = 0;
        for (int c = 0; c < g.C; c++)
            for (int ky = 0; ky < g.KH; ky++)
            {
                float* row = image + c * planeLength + (long)(oy + ky) * rowWidth + x0;
                for (int kx = 0; kx < g.KW; kx++, k++)
                {
                    var b0 = Vector256.Load(row + kx);
                    var b1 = Vector256.Load(row + kx + 8);
                    float* a = w0 + k;
                    var av = Vector256.Create(a[0]);
                    c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
                    av = Vector256.Create(a[kDepth]);
                    c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
                    av = Vector256.Create(a[2 * kDepth]);
                    c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
                    av = Vector256.Create(a[3 * kDepth]);
                    c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
                    av = Vector256.Create(a[4 * kDepth]);
                    c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
                    av = Vector256.Create(a[5 * kDepth]);
                    c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
                }
            }
        int valid = Math.Min(Pixels, g.OW - x0);
        Store(c00, c01, bias, g, n, o0, oy, x0, valid, y);
        Store(c10, c11, bias, g, n, o0 + 1, oy, x0, valid, y);
        Store(c20, c21, bias, g, n, o0 + 2, oy, x0, valid, y);
        Store(c30, c31, bias, g, n, o0 + 3, oy, x0, valid, y);
        Store(c40, c41, bias, g, n, o0 + 4, oy, x0, valid, y);
        Store(c50, c51, bias, g, n, o0 + 5, oy, x0, valid, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> lo, Vector256<float> hi, float* bias, in ConvGeometry g, int n, int o, int oy, int x0, int valid, float* y)
    {
        if (o >= g.O) return;
        if (bias != null)
        {
            var b = Vector256.Create(bias[o]);
            lo += b;
            hi += b;
        }
        float* dst = y + (((long)n * g.O + o) * g.OH + oy) * g.OW + x0;
        if (valid == Pixels)
        {
            lo.Store(dst);
            hi.Store(dst + 8);
            return;
        }
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        Avx.MaskStore(dst, Vector256.LessThan(lane, Vector256.Create(valid)).AsSingle(), lo);
        Avx.MaskStore(dst + 8, Vector256.LessThan(lane, Vector256.Create(valid - 8)).AsSingle(), hi);
    }
}
