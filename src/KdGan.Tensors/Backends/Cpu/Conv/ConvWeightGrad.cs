using KdGan.Tensors.Backends.Cpu.Gemm;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// The weight gradient dW [O, K] = sum over images n of G_n [O, L] x patches_n [K, L]^T, with the images in the
/// SIMD lanes: gt [O, L, N] and xt [C, Hp, Wp, N] hold the N values of one (channel, pixel) contiguously, so one
/// vector FMA advances the dot product (o, k) of 16 (or 8) images at once and no patch matrix is written.
/// <para>
/// Bits: the composition computes each image's P_n = G_n x cols_n^T with the GEMM (per element an FMA chain over
/// l from 0, one chain per k slice of <see cref="Sgemm.SliceDepth"/>, the slices added in turn), then sums P_0 + P_1 + ... in image order. Each
/// lane here is one image's chain over the same slices, and the lanes are folded in image order, so every
/// element has exactly the composition's bits, for any thread count (threads split (o, k) tiles only).
/// </para>
/// </summary>
internal static unsafe class ConvWeightGrad
{
    /// <summary>Rows (o) and taps (k) of one register tile.</summary>
    private const int TileO = 4, TileK = 4;

    /// <summary>Output pixels per call of a tile: the G rows of one chunk (4 x 32 x 64 B) stay in L1.</summary>
    private const int Chunk = 32;

    /// <summary>Images per SIMD register at a level: the group size of the layouts this kernel reads.</summary>
    public static int Lanes(SimdLevel level) => level >= SimdLevel.Vector512 ? 16 : 8;

    /// <param name="gt">Output gradient [G, O, L, lanes], images in groups of <see cref="Lanes"/>, lanes past N zero.</param>
    /// <param name="xt">Padded input [G, C, Hp, Wp, lanes], <paramref name="xtGroup"/> floats per group.</param>
    /// <param name="rowOffset">Offset in one group of xt of tap k at pixel (0, 0), K entries.</param>
    /// <param name="pixelOffset">Offset in one group of xt of output pixel l's patch corner, L entries.</param>
    /// <param name="dw">dW [O, K], overwritten.</param>
    public static void Run(float* gt, float* xt, long xtGroup, long* rowOffset, long* pixelOffset, in ConvGeometry g, float* dw, SimdLevel level)
    {
        var geo = g;
        int tilesO = (geo.O + TileO - 1) / TileO, tilesK = (geo.K + TileK - 1) / TileK;
        bool wide = level >= SimdLevel.Vector512;
        int width = Lanes(level), depth = Sgemm.SliceDepth(geo.L), groups = (geo.N + width - 1) / width;
        int tileFloats = TileO * TileK * width;
        long gtGroup = (long)geo.O * geo.L * width;
        // dW [O, K] holds the running sums; the groups go in image order, and threads split the o rows, each
        // folding only its own rows, so the fold order is fixed. One group's data (contiguous) stays in L2.
        for (int grp = 0; grp < groups; grp++)
        {
            float* gg = gt + grp * gtGroup, xg = xt + grp * xtGroup;
            int used = Math.Min(width, geo.N - grp * width);
            bool firstGroup = grp == 0;
            Parallelism.ForRanges(tilesO, 1, (t0, t1) =>
            {
                // Per k tile: the running FMA chains of the current slice, and the sum of the finished slices.
                using var accBuffer = new ScratchBuffer((long)tilesK * tileFloats);
                using var totalBuffer = new ScratchBuffer((long)tilesK * tileFloats);
                float* acc = accBuffer.Ptr, total = totalBuffer.Ptr;
                {
                    for (long to = t0; to < t1; to++)
                    {
                        int o0 = (int)to * TileO;
                        for (int l0 = 0; l0 < geo.L; l0 += depth)
                        {
                            int sliceEnd = Math.Min(geo.L, l0 + depth);
                            for (int c0 = l0; c0 < sliceEnd; c0 += Chunk)
                            {
                                int c1 = Math.Min(sliceEnd, c0 + Chunk);
                                bool fresh = c0 == l0, last = c1 == sliceEnd, firstSlice = l0 == 0;
                                for (int tk = 0; tk < tilesK; tk++)
                                {
                                    float* a = acc + (long)tk * tileFloats, tot = last ? total + (long)tk * tileFloats : null;
                                    if (wide) Tile512(gg, xg, rowOffset, pixelOffset, geo, o0, tk * TileK, c0, c1, a, fresh, tot, firstSlice);
                                    else Tile256(gg, xg, rowOffset, pixelOffset, geo, o0, tk * TileK, c0, c1, a, fresh, tot, firstSlice);
                                }
                            }
                        }
                        // Fold this group's images into dW, in image order.
                        for (int tk = 0; tk < tilesK; tk++)
                            for (int oi = 0; oi < TileO && o0 + oi < geo.O; oi++)
                                for (int ki = 0; ki < TileK && tk * TileK + ki < geo.K; ki++)
                                {
                                    float* v = total + (long)tk * tileFloats + (oi * TileK + ki) * width;
                                    float* d = dw + (long)(o0 + oi) * geo.K + tk * TileK + ki;
                                    float sum = firstGroup ? v[0] : *d + v[0];
                                    for (int i = 1; i < used; i++) sum += v[i];
                                    *d = sum;
                                }
                    }
                }
            });
        }
    }

    /// <summary>
    /// Advances the chains (o0 + oi, k0 + ki) of one group of 16 images over output pixels [l0, l1): acc holds them as
    /// [16 elements][16 lanes] between calls (zero when <paramref name="fresh"/>). When the slice ends here
    /// (<paramref name="total"/> not null) the chains go into total, added to the earlier slices as the GEMM adds
    /// its per-slice tiles. Rows and taps past the end repeat the last one (computed, never stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512(float* gt, float* xt, long* rowOffset, long* pixelOffset, in ConvGeometry g,
        int o0, int k0, int l0, int l1, float* acc, bool fresh, float* total, bool firstSlice)
    {
        const int W = 16;
        long ln = (long)g.L * W;
        float* g0 = gt + Math.Min(o0, g.O - 1) * ln, g1 = gt + Math.Min(o0 + 1, g.O - 1) * ln;
        float* g2 = gt + Math.Min(o0 + 2, g.O - 1) * ln, g3 = gt + Math.Min(o0 + 3, g.O - 1) * ln;
        float* x0 = xt + rowOffset[Math.Min(k0, g.K - 1)], x1 = xt + rowOffset[Math.Min(k0 + 1, g.K - 1)];
        float* x2 = xt + rowOffset[Math.Min(k0 + 2, g.K - 1)], x3 = xt + rowOffset[Math.Min(k0 + 3, g.K - 1)];
        Vector512<float> c00 = fresh ? default : Vector512.Load(acc + 0), c01 = fresh ? default : Vector512.Load(acc + 16), c02 = fresh ? default : Vector512.Load(acc + 32), c03 = fresh ? default : Vector512.Load(acc + 48);
        Vector512<float> c10 = fresh ? default : Vector512.Load(acc + 64), c11 = fresh ? default : Vector512.Load(acc + 80), c12 = fresh ? default : Vector512.Load(acc + 96), c13 = fresh ? default : Vector512.Load(acc + 112);
        Vector512<float> c20 = fresh ? default : Vector512.Load(acc + 128), c21 = fresh ? default : Vector512.Load(acc + 144), c22 = fresh ? default : Vector512.Load(acc + 160), c23 = fresh ? default : Vector512.Load(acc + 176);
        Vector512<float> c30 = fresh ? default : Vector512.Load(acc + 192), c31 = fresh ? default : Vector512.Load(acc + 208), c32 = fresh ? default : Vector512.Load(acc + 224), c33 = fresh ? default : Vector512.Load(acc + 240);
        for (int l = l0; l < l1; l++)
        {
            long gl = (long)l * W, po = pixelOffset[l];
            var b0 = Vector512.Load(x0 + po); var b1 = Vector512.Load(x1 + po);
            var b2 = Vector512.Load(x2 + po); var b3 = Vector512.Load(x3 + po);
            Vector512<float> a;
            a = Vector512.Load(g0 + gl);
            c00 = Avx512F.FusedMultiplyAdd(a, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a, b1, c01); c02 = Avx512F.FusedMultiplyAdd(a, b2, c02); c03 = Avx512F.FusedMultiplyAdd(a, b3, c03);
            a = Vector512.Load(g1 + gl);
            c10 = Avx512F.FusedMultiplyAdd(a, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a, b1, c11); c12 = Avx512F.FusedMultiplyAdd(a, b2, c12); c13 = Avx512F.FusedMultiplyAdd(a, b3, c13);
            a = Vector512.Load(g2 + gl);
            c20 = Avx512F.FusedMultiplyAdd(a, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a, b1, c21); c22 = Avx512F.FusedMultiplyAdd(a, b2, c22); c23 = Avx512F.FusedMultiplyAdd(a, b3, c23);
            a = Vector512.Load(g3 + gl);
            c30 = Avx512F.FusedMultiplyAdd(a, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a, b1, c31); c32 = Avx512F.FusedMultiplyAdd(a, b2, c32); c33 = Avx512F.FusedMultiplyAdd(a, b3, c33);
        }
        Finish(acc + 0, total, 0, c00, firstSlice); Finish(acc + 16, total, 16, c01, firstSlice); Finish(acc + 32, total, 32, c02, firstSlice); Finish(acc + 48, total, 48, c03, firstSlice);
        Finish(acc + 64, total, 64, c10, firstSlice); Finish(acc + 80, total, 80, c11, firstSlice); Finish(acc + 96, total, 96, c12, firstSlice); Finish(acc + 112, total, 112, c13, firstSlice);
        Finish(acc + 128, total, 128, c20, firstSlice); Finish(acc + 144, total, 144, c21, firstSlice); Finish(acc + 160, total, 160, c22, firstSlice); Finish(acc + 176, total, 176, c23, firstSlice);
        Finish(acc + 192, total, 192, c30, firstSlice); Finish(acc + 208, total, 208, c31, firstSlice); Finish(acc + 224, total, 224, c32, firstSlice); Finish(acc + 240, total, 240, c33, firstSlice);
    }

    /// <summary>As <see cref="Tile512"/> with 8 lanes: [16 elements][8 lanes].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256(float* gt, float* xt, long* rowOffset, long* pixelOffset, in ConvGeometry g,
        int o0, int k0, int l0, int l1, float* acc, bool fresh, float* total, bool firstSlice)
    {
        const int W = 8;
        long ln = (long)g.L * W;
        float* g0 = gt + Math.Min(o0, g.O - 1) * ln, g1 = gt + Math.Min(o0 + 1, g.O - 1) * ln;
        float* g2 = gt + Math.Min(o0 + 2, g.O - 1) * ln, g3 = gt + Math.Min(o0 + 3, g.O - 1) * ln;
        float* x0 = xt + rowOffset[Math.Min(k0, g.K - 1)], x1 = xt + rowOffset[Math.Min(k0 + 1, g.K - 1)];
        float* x2 = xt + rowOffset[Math.Min(k0 + 2, g.K - 1)], x3 = xt + rowOffset[Math.Min(k0 + 3, g.K - 1)];
        Vector256<float> c00 = fresh ? default : Vector256.Load(acc + 0), c01 = fresh ? default : Vector256.Load(acc + 8), c02 = fresh ? default : Vector256.Load(acc + 16), c03 = fresh ? default : Vector256.Load(acc + 24);
        Vector256<float> c10 = fresh ? default : Vector256.Load(acc + 32), c11 = fresh ? default : Vector256.Load(acc + 40), c12 = fresh ? default : Vector256.Load(acc + 48), c13 = fresh ? default : Vector256.Load(acc + 56);
        Vector256<float> c20 = fresh ? default : Vector256.Load(acc + 64), c21 = fresh ? default : Vector256.Load(acc + 72), c22 = fresh ? default : Vector256.Load(acc + 80), c23 = fresh ? default : Vector256.Load(acc + 88);
        Vector256<float> c30 = fresh ? default : Vector256.Load(acc + 96), c31 = fresh ? default : Vector256.Load(acc + 104), c32 = fresh ? default : Vector256.Load(acc + 112), c33 = fresh ? default : Vector256.Load(acc + 120);
        for (int l = l0; l < l1; l++)
        {
            long gl = (long)l * W, po = pixelOffset[l];
            var b0 = Vector256.Load(x0 + po); var b1 = Vector256.Load(x1 + po);
            var b2 = Vector256.Load(x2 + po); var b3 = Vector256.Load(x3 + po);
            Vector256<float> a;
            a = Vector256.Load(g0 + gl);
            c00 = Fma.MultiplyAdd(a, b0, c00); c01 = Fma.MultiplyAdd(a, b1, c01); c02 = Fma.MultiplyAdd(a, b2, c02); c03 = Fma.MultiplyAdd(a, b3, c03);
            a = Vector256.Load(g1 + gl);
            c10 = Fma.MultiplyAdd(a, b0, c10); c11 = Fma.MultiplyAdd(a, b1, c11); c12 = Fma.MultiplyAdd(a, b2, c12); c13 = Fma.MultiplyAdd(a, b3, c13);
            a = Vector256.Load(g2 + gl);
            c20 = Fma.MultiplyAdd(a, b0, c20); c21 = Fma.MultiplyAdd(a, b1, c21); c22 = Fma.MultiplyAdd(a, b2, c22); c23 = Fma.MultiplyAdd(a, b3, c23);
            a = Vector256.Load(g3 + gl);
            c30 = Fma.MultiplyAdd(a, b0, c30); c31 = Fma.MultiplyAdd(a, b1, c31); c32 = Fma.MultiplyAdd(a, b2, c32); c33 = Fma.MultiplyAdd(a, b3, c33);
        }
        Finish(acc + 0, total, 0, c00, firstSlice); Finish(acc + 8, total, 8, c01, firstSlice); Finish(acc + 16, total, 16, c02, firstSlice); Finish(acc + 24, total, 24, c03, firstSlice);
        Finish(acc + 32, total, 32, c10, firstSlice); Finish(acc + 40, total, 40, c11, firstSlice); Finish(acc + 48, total, 48, c12, firstSlice); Finish(acc + 56, total, 56, c13, firstSlice);
        Finish(acc + 64, total, 64, c20, firstSlice); Finish(acc + 72, total, 72, c21, firstSlice); Finish(acc + 80, total, 80, c22, firstSlice); Finish(acc + 88, total, 88, c23, firstSlice);
        Finish(acc + 96, total, 96, c30, firstSlice); Finish(acc + 104, total, 104, c31, firstSlice); Finish(acc + 112, total, 112, c32, firstSlice); Finish(acc + 120, total, 120, c33, firstSlice);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* acc, float* total, int at, Vector512<float> chain, bool firstSlice)
    {
        if (total == null) chain.Store(acc);
        else (firstSlice ? chain : Vector512.Load(total + at) + chain).Store(total + at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* acc, float* total, int at, Vector256<float> chain, bool firstSlice)
    {
        if (total == null) chain.Store(acc);
        else (firstSlice ? chain : Vector256.Load(total + at) + chain).Store(total + at);
    }
}
