using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// The AVX-512 micro-kernel for short products (few rows, a multiple of 8): an 8 x 48 tile of C in 24 zmm accumulators (of the 32 registers); per k-step it loads
/// 3 B vectors, broadcasts 8 A values and issues 24 independent FMAs, enough to keep both 512-bit FMA pipes busy
/// through their latency. MR = 8 divides the batch sizes and channel counts our networks use (no wasted rows).
/// Each element of C is the same in-order FMA chain over p as in the narrower kernels, so all vector levels give
/// the same bits.
/// </summary>
internal readonly unsafe struct GemmMicroKernel512Wide : IGemmMicroKernel
{
    public static int MR => 8;
    public static int NR => 48;
    public static SimdLevel Level => SimdLevel.Vector512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, long ldc, int mr, int nr, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default;
        Vector512<float> c70 = default, c71 = default, c72 = default;
        Vector512<float> av, b0, b1, b2;
        int p = 0;
        // Two k-steps per iteration: the JIT does not unroll loops.
        for (; p + 2 <= kc; p += 2)
        {
            b0 = Vector512.Load(b + 0); b1 = Vector512.Load(b + 16); b2 = Vector512.Load(b + 32);
            av = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01); c02 = Avx512F.FusedMultiplyAdd(av, b2, c02);
            av = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11); c12 = Avx512F.FusedMultiplyAdd(av, b2, c12);
            av = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21); c22 = Avx512F.FusedMultiplyAdd(av, b2, c22);
            av = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31); c32 = Avx512F.FusedMultiplyAdd(av, b2, c32);
            av = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41); c42 = Avx512F.FusedMultiplyAdd(av, b2, c42);
            av = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51); c52 = Avx512F.FusedMultiplyAdd(av, b2, c52);
            av = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61); c62 = Avx512F.FusedMultiplyAdd(av, b2, c62);
            av = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71); c72 = Avx512F.FusedMultiplyAdd(av, b2, c72);
            b0 = Vector512.Load(b + 48); b1 = Vector512.Load(b + 64); b2 = Vector512.Load(b + 80);
            av = Vector512.Create(a[8]); c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01); c02 = Avx512F.FusedMultiplyAdd(av, b2, c02);
            av = Vector512.Create(a[9]); c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11); c12 = Avx512F.FusedMultiplyAdd(av, b2, c12);
            av = Vector512.Create(a[10]); c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21); c22 = Avx512F.FusedMultiplyAdd(av, b2, c22);
            av = Vector512.Create(a[11]); c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31); c32 = Avx512F.FusedMultiplyAdd(av, b2, c32);
            av = Vector512.Create(a[12]); c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41); c42 = Avx512F.FusedMultiplyAdd(av, b2, c42);
            av = Vector512.Create(a[13]); c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51); c52 = Avx512F.FusedMultiplyAdd(av, b2, c52);
            av = Vector512.Create(a[14]); c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61); c62 = Avx512F.FusedMultiplyAdd(av, b2, c62);
            av = Vector512.Create(a[15]); c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71); c72 = Avx512F.FusedMultiplyAdd(av, b2, c72);
            a += 16;
            b += 96;
        }
        if (p < kc)
        {
            b0 = Vector512.Load(b + 0); b1 = Vector512.Load(b + 16); b2 = Vector512.Load(b + 32);
            av = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01); c02 = Avx512F.FusedMultiplyAdd(av, b2, c02);
            av = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11); c12 = Avx512F.FusedMultiplyAdd(av, b2, c12);
            av = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21); c22 = Avx512F.FusedMultiplyAdd(av, b2, c22);
            av = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31); c32 = Avx512F.FusedMultiplyAdd(av, b2, c32);
            av = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41); c42 = Avx512F.FusedMultiplyAdd(av, b2, c42);
            av = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51); c52 = Avx512F.FusedMultiplyAdd(av, b2, c52);
            av = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61); c62 = Avx512F.FusedMultiplyAdd(av, b2, c62);
            av = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71); c72 = Avx512F.FusedMultiplyAdd(av, b2, c72);
        }

        if (mr == 8 && nr == 48)
        {
            if (overwrite)
            {
                c00.Store(c + 0 * ldc + 0); c01.Store(c + 0 * ldc + 16); c02.Store(c + 0 * ldc + 32);
                c10.Store(c + 1 * ldc + 0); c11.Store(c + 1 * ldc + 16); c12.Store(c + 1 * ldc + 32);
                c20.Store(c + 2 * ldc + 0); c21.Store(c + 2 * ldc + 16); c22.Store(c + 2 * ldc + 32);
                c30.Store(c + 3 * ldc + 0); c31.Store(c + 3 * ldc + 16); c32.Store(c + 3 * ldc + 32);
                c40.Store(c + 4 * ldc + 0); c41.Store(c + 4 * ldc + 16); c42.Store(c + 4 * ldc + 32);
                c50.Store(c + 5 * ldc + 0); c51.Store(c + 5 * ldc + 16); c52.Store(c + 5 * ldc + 32);
                c60.Store(c + 6 * ldc + 0); c61.Store(c + 6 * ldc + 16); c62.Store(c + 6 * ldc + 32);
                c70.Store(c + 7 * ldc + 0); c71.Store(c + 7 * ldc + 16); c72.Store(c + 7 * ldc + 32);
            }
            else
            {
                (Vector512.Load(c + 0 * ldc + 0) + c00).Store(c + 0 * ldc + 0); (Vector512.Load(c + 0 * ldc + 16) + c01).Store(c + 0 * ldc + 16); (Vector512.Load(c + 0 * ldc + 32) + c02).Store(c + 0 * ldc + 32);
                (Vector512.Load(c + 1 * ldc + 0) + c10).Store(c + 1 * ldc + 0); (Vector512.Load(c + 1 * ldc + 16) + c11).Store(c + 1 * ldc + 16); (Vector512.Load(c + 1 * ldc + 32) + c12).Store(c + 1 * ldc + 32);
                (Vector512.Load(c + 2 * ldc + 0) + c20).Store(c + 2 * ldc + 0); (Vector512.Load(c + 2 * ldc + 16) + c21).Store(c + 2 * ldc + 16); (Vector512.Load(c + 2 * ldc + 32) + c22).Store(c + 2 * ldc + 32);
                (Vector512.Load(c + 3 * ldc + 0) + c30).Store(c + 3 * ldc + 0); (Vector512.Load(c + 3 * ldc + 16) + c31).Store(c + 3 * ldc + 16); (Vector512.Load(c + 3 * ldc + 32) + c32).Store(c + 3 * ldc + 32);
                (Vector512.Load(c + 4 * ldc + 0) + c40).Store(c + 4 * ldc + 0); (Vector512.Load(c + 4 * ldc + 16) + c41).Store(c + 4 * ldc + 16); (Vector512.Load(c + 4 * ldc + 32) + c42).Store(c + 4 * ldc + 32);
                (Vector512.Load(c + 5 * ldc + 0) + c50).Store(c + 5 * ldc + 0); (Vector512.Load(c + 5 * ldc + 16) + c51).Store(c + 5 * ldc + 16); (Vector512.Load(c + 5 * ldc + 32) + c52).Store(c + 5 * ldc + 32);
                (Vector512.Load(c + 6 * ldc + 0) + c60).Store(c + 6 * ldc + 0); (Vector512.Load(c + 6 * ldc + 16) + c61).Store(c + 6 * ldc + 16); (Vector512.Load(c + 6 * ldc + 32) + c62).Store(c + 6 * ldc + 32);
                (Vector512.Load(c + 7 * ldc + 0) + c70).Store(c + 7 * ldc + 0); (Vector512.Load(c + 7 * ldc + 16) + c71).Store(c + 7 * ldc + 16); (Vector512.Load(c + 7 * ldc + 32) + c72).Store(c + 7 * ldc + 32);
            }
            return;
        }

        float* tile = stackalloc float[384];
        c00.Store(tile + 0); c01.Store(tile + 16); c02.Store(tile + 32);
        c10.Store(tile + 48); c11.Store(tile + 64); c12.Store(tile + 80);
        c20.Store(tile + 96); c21.Store(tile + 112); c22.Store(tile + 128);
        c30.Store(tile + 144); c31.Store(tile + 160); c32.Store(tile + 176);
        c40.Store(tile + 192); c41.Store(tile + 208); c42.Store(tile + 224);
        c50.Store(tile + 240); c51.Store(tile + 256); c52.Store(tile + 272);
        c60.Store(tile + 288); c61.Store(tile + 304); c62.Store(tile + 320);
        c70.Store(tile + 336); c71.Store(tile + 352); c72.Store(tile + 368);
        GemmMicroKernel.StoreEdge(tile, 48, c, ldc, mr, nr, overwrite);
    }
}
