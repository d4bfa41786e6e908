using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// The 128-bit micro-kernel (SSE / NEON): a 6 x 8 tile of C in 12 xmm accumulators.
/// </summary>
internal readonly unsafe struct GemmMicroKernel128 : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 8;
    public static SimdLevel Level => SimdLevel.Vector128;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, long ldc, int mr, int nr, bool overwrite)
    {
        Vector128<float> c00 = default; Vector128<float> c01 = default;
        Vector128<float> c10 = default; Vector128<float> c11 = default;
        Vector128<float> c20 = default; Vector128<float> c21 = default;
        Vector128<float> c30 = default; Vector128<float> c31 = default;
        Vector128<float> c40 = default; Vector128<float> c41 = default;
        Vector128<float> c50 = default; Vector128<float> c51 = default;

        Vector128<float> av;
        int p = 0;
        // Four k-steps per iteration: the JIT does not unroll loops.
        for (; p + 4 <= kc; p += 4)
        {
            {
                Vector128<float> b0 = Vector128.Load(b);
                Vector128<float> b1 = Vector128.Load(b + 4);
                av = Vector128.Create(a[0]);
                c00 = MulAdd(av, b0, c00); c01 = MulAdd(av, b1, c01);
                av = Vector128.Create(a[1]);
                c10 = MulAdd(av, b0, c10); c11 = MulAdd(av, b1, c11);
                av = Vector128.Create(a[2]);
                c20 = MulAdd(av, b0, c20); c21 = MulAdd(av, b1, c21);
                av = Vector128.Create(a[3]);
                c30 = MulAdd(av, b0, c30); c31 = MulAdd(av, b1, c31);
                av = Vector128.Create(a[4]);
                c40 = MulAdd(av, b0, c40); c41 = MulAdd(av, b1, c41);
                av = Vector128.Create(a[5]);
                c50 = MulAdd(av, b0, c50); c51 = MulAdd(av, b1, c51);
            }
            {
                Vector128<float> b0 = Vector128.Load(b + 8);
                Vector128<float> b1 = Vector128.Load(b + 12);
                av = Vector128.Create(a[6]);
                c00 = MulAdd(av, b0, c00); c01 = MulAdd(av, b1, c01);
                av = Vector128.Create(a[7]);
                c10 = MulAdd(av, b0, c10); c11 = MulAdd(av, b1, c11);
                av = Vector128.Create(a[8]);
                c20 = MulAdd(av, b0, c20); c21 = MulAdd(av, b1, c21);
                av = Vector128.Create(a[9]);
                c30 = MulAdd(av, b0, c30); c31 = MulAdd(av, b1, c31);
                av = Vector128.Create(a[10]);
                c40 = MulAdd(av, b0, c40); c41 = MulAdd(av, b1, c41);
                av = Vector128.Create(a[11]);
                c50 = MulAdd(av, b0, c50); c51 = MulAdd(av, b1, c51);
            }
            {
                Vector128<float> b0 = Vector128.Load(b + 16);
                Vector128<float> b1 = Vector128.Load(b + 20);
                av = Vector128.Create(a[12]);
                c00 = MulAdd(av, b0, c00); c01 = MulAdd(av, b1, c01);
                av = Vector128.Create(a[13]);
                c10 = MulAdd(av, b0, c10); c11 = MulAdd(av, b1, c11);
                av = Vector128.Create(a[14]);
                c20 = MulAdd(av, b0, c20); c21 = MulAdd(av, b1, c21);
                av = Vector128.Create(a[15]);
                c30 = MulAdd(av, b0, c30); c31 = MulAdd(av, b1, c31);
                av = Vector128.Create(a[16]);
                c40 = MulAdd(av, b0, c40); c41 = MulAdd(av, b1, c41);
                av = Vector128.Create(a[17]);
                c50 = MulAdd(av, b0, c50); c51 = MulAdd(av, b1, c51);
            }
            {
                Vector128<float> b0 = Vector128.Load(b + 24);
                Vector128<float> b1 = Vector128.Load(b + 28);
                av = Vector128.Create(a[18]);
                c00 = MulAdd(av, b0, c00); c01 = MulAdd(av, b1, c01);
                av = Vector128.Create(a[19]);
                c10 = MulAdd(av, b0, c10); c11 = MulAdd(av, b1, c11);
                av = Vector128.Create(a[20]);
                c20 = MulAdd(av, b0, c20); c21 = MulAdd(av, b1, c21);
                av = Vector128.Create(a[21]);
                c30 = MulAdd(av, b0, c30); c31 = MulAdd(av, b1, c31);
                av = Vector128.Create(a[22]);
                c40 = MulAdd(av, b0, c40); c41 = MulAdd(av, b1, c41);
                av = Vector128.Create(a[23]);
                c50 = MulAdd(av, b0, c50); c51 = MulAdd(av, b1, c51);
            }
            a += 24;
            b += 32;
        }
        for (; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            av = Vector128.Create(a[0]);
            c00 = MulAdd(av, b0, c00); c01 = MulAdd(av, b1, c01);
            av = Vector128.Create(a[1]);
            c10 = MulAdd(av, b0, c10); c11 = MulAdd(av, b1, c11);
            av = Vector128.Create(a[2]);
            c20 = MulAdd(av, b0, c20); c21 = MulAdd(av, b1, c21);
            av = Vector128.Create(a[3]);
            c30 = MulAdd(av, b0, c30); c31 = MulAdd(av, b1, c31);
            av = Vector128.Create(a[4]);
            c40 = MulAdd(av, b0, c40); c41 = MulAdd(av, b1, c41);
            av = Vector128.Create(a[5]);
            c50 = MulAdd(av, b0, c50); c51 = MulAdd(av, b1, c51);
            a += 6;
            b += 8;
        }

        if (mr == 6 && nr == 8)
        {
            if (overwrite)
            {
                c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + 4);
                c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + 4);
                c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 4);
                c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 4);
                c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 4);
                c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 4);
            }
            else
            {
                (Vector128.Load(c + 0 * ldc) + c00).Store(c + 0 * ldc);
                (Vector128.Load(c + 0 * ldc + 4) + c01).Store(c + 0 * ldc + 4);
                (Vector128.Load(c + 1 * ldc) + c10).Store(c + 1 * ldc);
                (Vector128.Load(c + 1 * ldc + 4) + c11).Store(c + 1 * ldc + 4);
                (Vector128.Load(c + 2 * ldc) + c20).Store(c + 2 * ldc);
                (Vector128.Load(c + 2 * ldc + 4) + c21).Store(c + 2 * ldc + 4);
                (Vector128.Load(c + 3 * ldc) + c30).Store(c + 3 * ldc);
                (Vector128.Load(c + 3 * ldc + 4) + c31).Store(c + 3 * ldc + 4);
                (Vector128.Load(c + 4 * ldc) + c40).Store(c + 4 * ldc);
                (Vector128.Load(c + 4 * ldc + 4) + c41).Store(c + 4 * ldc + 4);
                (Vector128.Load(c + 5 * ldc) + c50).Store(c + 5 * ldc);
                (Vector128.Load(c + 5 * ldc + 4) + c51).Store(c + 5 * ldc + 4);
            }
            return;
        }

        float* tile = stackalloc float[48];
        c00.Store(tile + 0); c01.Store(tile + 4);
        c10.Store(tile + 8); c11.Store(tile + 12);
        c20.Store(tile + 16); c21.Store(tile + 20);
        c30.Store(tile + 24); c31.Store(tile + 28);
        c40.Store(tile + 32); c41.Store(tile + 36);
        c50.Store(tile + 40); c51.Store(tile + 44);
        GemmMicroKernel.StoreEdge(tile, 8, c, ldc, mr, nr, overwrite);
    }

    /// <summary>c + a*b, fused where the hardware has a fused multiply-add, else multiply then add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        if (Fma.IsSupported) return Fma.MultiplyAdd(a, b, c);
        if (AdvSimd.IsSupported) return AdvSimd.FusedMultiplyAdd(c, a, b);
        return c + a * b;
    }
}
