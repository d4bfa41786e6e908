using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// The AVX2+FMA micro-kernel: a 6 x 16 tile of C held in 12 ymm accumulators; per k-step it loads
/// two B vectors, broadcasts six A values and issues 12 independent FMAs.
/// </summary>
internal readonly unsafe struct GemmMicroKernel256 : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;
    public static SimdLevel Level => SimdLevel.Vector256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, long ldc, int mr, int nr, bool overwrite)
    {
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;

        Vector256<float> av;
        int p = 0;
        // Four k-steps per iteration: the JIT does not unroll loops.
        for (; p + 4 <= kc; p += 4)
        {
            {
                Vector256<float> b0 = Vector256.Load(b);
                Vector256<float> b1 = Vector256.Load(b + 8);
                av = Vector256.Create(a[0]);
                c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
                av = Vector256.Create(a[1]);
                c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
                av = Vector256.Create(a[2]);
                c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
                av = Vector256.Create(a[3]);
                c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
                av = Vector256.Create(a[4]);
                c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
                av = Vector256.Create(a[5]);
                c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
            }
            {
                Vector256<float> b0 = Vector256.Load(b + 16);
                Vector256<float> b1 = Vector256.Load(b + 24);
                av = Vector256.Create(a[6]);
                c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
                av = Vector256.Create(a[7]);
                c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
                av = Vector256.Create(a[8]);
                c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
                av = Vector256.Create(a[9]);
                c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
                av = Vector256.Create(a[10]);
                c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
                av = Vector256.Create(a[11]);
                c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
            }
            {
                Vector256<float> b0 = Vector256.Load(b + 32);
                Vector256<float> b1 = Vector256.Load(b + 40);
                av = Vector256.Create(a[12]);
                c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
                av = Vector256.Create(a[13]);
                c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
                av = Vector256.Create(a[14]);
                c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
                av = Vector256.Create(a[15]);
                c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
                av = Vector256.Create(a[16]);
                c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
                av = Vector256.Create(a[17]);
                c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
            }
            {
                Vector256<float> b0 = Vector256.Load(b + 48);
                Vector256<float> b1 = Vector256.Load(b + 56);
                av = Vector256.Create(a[18]);
                c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
                av = Vector256.Create(a[19]);
                c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
                av = Vector256.Create(a[20]);
                c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
                av = Vector256.Create(a[21]);
                c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
                av = Vector256.Create(a[22]);
                c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
                av = Vector256.Create(a[23]);
                c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
            }
            a += 24;
            b += 64;
        }
        for (; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            av = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
            a += 6;
            b += 16;
        }

        if (mr == 6 && nr == 16)
        {
            if (overwrite)
            {
                c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + 8);
                c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + 8);
                c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
                c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
                c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 8);
                c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 8);
            }
            else
            {
                (Vector256.Load(c + 0 * ldc) + c00).Store(c + 0 * ldc);
                (Vector256.Load(c + 0 * ldc + 8) + c01).Store(c + 0 * ldc + 8);
                (Vector256.Load(c + 1 * ldc) + c10).Store(c + 1 * ldc);
                (Vector256.Load(c + 1 * ldc + 8) + c11).Store(c + 1 * ldc + 8);
                (Vector256.Load(c + 2 * ldc) + c20).Store(c + 2 * ldc);
                (Vector256.Load(c + 2 * ldc + 8) + c21).Store(c + 2 * ldc + 8);
                (Vector256.Load(c + 3 * ldc) + c30).Store(c + 3 * ldc);
                (Vector256.Load(c + 3 * ldc + 8) + c31).Store(c + 3 * ldc + 8);
                (Vector256.Load(c + 4 * ldc) + c40).Store(c + 4 * ldc);
                (Vector256.Load(c + 4 * ldc + 8) + c41).Store(c + 4 * ldc + 8);
                (Vector256.Load(c + 5 * ldc) + c50).Store(c + 5 * ldc);
                (Vector256.Load(c + 5 * ldc + 8) + c51).Store(c + 5 * ldc + 8);
            }
            return;
        }

        float* tile = stackalloc float[96];
        c00.Store(tile + 0); c01.Store(tile + 8);
        c10.Store(tile + 16); c11.Store(tile + 24);
        c20.Store(tile + 32); c21.Store(tile + 40);
        c30.Store(tile + 48); c31.Store(tile + 56);
        c40.Store(tile + 64); c41.Store(tile + 72);
        c50.Store(tile + 80); c51.Store(tile + 88);
        GemmMicroKernel.StoreEdge(tile, 16, c, ldc, mr, nr, overwrite);
    }
}
