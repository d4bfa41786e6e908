using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// The AVX-512 micro-kernel: a 12 x 32 tile of C in 24 zmm accumulators (of the 32 registers); per k-step it loads
/// two B vectors, broadcasts twelve A values and issues 24 independent FMAs, enough to hide the FMA latency on
/// both 512-bit pipes. Each element of C is the same in-order FMA chain over p as in the narrower kernels, so
/// all vector levels give the same bits.
/// </summary>
internal readonly unsafe struct GemmMicroKernel512 : IGemmMicroKernel
{
    public static int MR => 12;
    public static int NR => 32;
    public static SimdLevel Level => SimdLevel.Vector512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, long ldc, int mr, int nr, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        Vector512<float> av, b0, b1;
        int p = 0;
        // Two k-steps per iteration: the JIT does not unroll loops.
        for (; p + 2 <= kc; p += 2)
        {
            b0 = Vector512.Load(b + 0); b1 = Vector512.Load(b + 16);
            av = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            av = Vector512.Create(a[8]); c80 = Avx512F.FusedMultiplyAdd(av, b0, c80); c81 = Avx512F.FusedMultiplyAdd(av, b1, c81);
            av = Vector512.Create(a[9]); c90 = Avx512F.FusedMultiplyAdd(av, b0, c90); c91 = Avx512F.FusedMultiplyAdd(av, b1, c91);
            av = Vector512.Create(a[10]); c100 = Avx512F.FusedMultiplyAdd(av, b0, c100); c101 = Avx512F.FusedMultiplyAdd(av, b1, c101);
            av = Vector512.Create(a[11]); c110 = Avx512F.FusedMultiplyAdd(av, b0, c110); c111 = Avx512F.FusedMultiplyAdd(av, b1, c111);
            b0 = Vector512.Load(b + 32); b1 = Vector512.Load(b + 48);
            av = Vector512.Create(a[12]); c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[13]); c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[14]); c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[15]); c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[16]); c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[17]); c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[18]); c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[19]); c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            av = Vector512.Create(a[20]); c80 = Avx512F.FusedMultiplyAdd(av, b0, c80); c81 = Avx512F.FusedMultiplyAdd(av, b1, c81);
            av = Vector512.Create(a[21]); c90 = Avx512F.FusedMultiplyAdd(av, b0, c90); c91 = Avx512F.FusedMultiplyAdd(av, b1, c91);
            av = Vector512.Create(a[22]); c100 = Avx512F.FusedMultiplyAdd(av, b0, c100); c101 = Avx512F.FusedMultiplyAdd(av, b1, c101);
            av = Vector512.Create(a[23]); c110 = Avx512F.FusedMultiplyAdd(av, b0, c110); c111 = Avx512F.FusedMultiplyAdd(av, b1, c111);
            a += 24;
            b += 64;
        }
        for (; p < kc; p++)
        {
            b0 = Vector512.Load(b + 0); b1 = Vector512.Load(b + 16);
            av = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            av = Vector512.Create(a[8]); c80 = Avx512F.FusedMultiplyAdd(av, b0, c80); c81 = Avx512F.FusedMultiplyAdd(av, b1, c81);
            av = Vector512.Create(a[9]); c90 = Avx512F.FusedMultiplyAdd(av, b0, c90); c91 = Avx512F.FusedMultiplyAdd(av, b1, c91);
            av = Vector512.Create(a[10]); c100 = Avx512F.FusedMultiplyAdd(av, b0, c100); c101 = Avx512F.FusedMultiplyAdd(av, b1, c101);
            av = Vector512.Create(a[11]); c110 = Avx512F.FusedMultiplyAdd(av, b0, c110); c111 = Avx512F.FusedMultiplyAdd(av, b1, c111);
            a += 12;
            b += 32;
        }

        if (mr == 12 && nr == 32)
        {
            if (overwrite)
            {
                c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + 16);
                c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + 16);
                c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
                c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
                c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
                c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
                c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
                c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
                c80.Store(c + 8 * ldc); c81.Store(c + 8 * ldc + 16);
                c90.Store(c + 9 * ldc); c91.Store(c + 9 * ldc + 16);
                c100.Store(c + 10 * ldc); c101.Store(c + 10 * ldc + 16);
                c110.Store(c + 11 * ldc); c111.Store(c + 11 * ldc + 16);
            }
            else
            {
                (Vector512.Load(c + 0 * ldc) + c00).Store(c + 0 * ldc); (Vector512.Load(c + 0 * ldc + 16) + c01).Store(c + 0 * ldc + 16);
                (Vector512.Load(c + 1 * ldc) + c10).Store(c + 1 * ldc); (Vector512.Load(c + 1 * ldc + 16) + c11).Store(c + 1 * ldc + 16);
                (Vector512.Load(c + 2 * ldc) + c20).Store(c + 2 * ldc); (Vector512.Load(c + 2 * ldc + 16) + c21).Store(c + 2 * ldc + 16);
                (Vector512.Load(c + 3 * ldc) + c30).Store(c + 3 * ldc); (Vector512.Load(c + 3 * ldc + 16) + c31).Store(c + 3 * ldc + 16);
                (Vector512.Load(c + 4 * ldc) + c40).Store(c + 4 * ldc); (Vector512.Load(c + 4 * ldc + 16) + c41).Store(c + 4 * ldc + 16);
                (Vector512.Load(c + 5 * ldc) + c50).Store(c + 5 * ldc); (Vector512.Load(c + 5 * ldc + 16) + c51).Store(c + 5 * ldc + 16);
                (Vector512.Load(c + 6 * ldc) + c60).Store(c + 6 * ldc); (Vector512.Load(c + 6 * ldc + 16) + c61).Store(c + 6 * ldc + 16);
                (Vector512.Load(c + 7 * ldc) + c70).Store(c + 7 * ldc); (Vector512.Load(c + 7 * ldc + 16) + c71).Store(c + 7 * ldc + 16);
                (Vector512.Load(c + 8 * ldc) + c80).Store(c + 8 * ldc); (Vector512.Load(c + 8 * ldc + 16) + c81).Store(c + 8 * ldc + 16);
                (Vector512.Load(c + 9 * ldc) + c90).Store(c + 9 * ldc); (Vector512.Load(c + 9 * ldc + 16) + c91).Store(c + 9 * ldc + 16);
                (Vector512.Load(c + 10 * ldc) + c100).Store(c + 10 * ldc); (Vector512.Load(c + 10 * ldc + 16) + c101).Store(c + 10 * ldc + 16);
                (Vector512.Load(c + 11 * ldc) + c110).Store(c + 11 * ldc); (Vector512.Load(c + 11 * ldc + 16) + c111).Store(c + 11 * ldc + 16);
            }
            return;
        }

        float* tile = stackalloc float[384];
        c00.Store(tile + 0); c01.Store(tile + 16);
        c10.Store(tile + 32); c11.Store(tile + 48);
        c20.Store(tile + 64); c21.Store(tile + 80);
        c30.Store(tile + 96); c31.Store(tile + 112);
        c40.Store(tile + 128); c41.Store(tile + 144);
        c50.Store(tile + 160); c51.Store(tile + 176);
        c60.Store(tile + 192); c61.Store(tile + 208);
        c70.Store(tile + 224); c71.Store(tile + 240);
        c80.Store(tile + 256); c81.Store(tile + 272);
        c90.Store(tile + 288); c91.Store(tile + 304);
        c100.Store(tile + 320); c101.Store(tile + 336);
        c110.Store(tile + 352); c111.Store(tile + 368);
        GemmMicroKernel.StoreEdge(tile, 32, c, ldc, mr, nr, overwrite);
    }
}
