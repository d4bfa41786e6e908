using System.Runtime.CompilerServices;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Single-precision GEMM, BLIS style: C = (accumulate ? C : 0) + A * B over any operand strides.
/// <para>
/// Loops (outer to inner): jc over NC columns of C, pc over KC-deep slices of k (B slice packed into NR-wide
/// panels), ic over MC rows (A block packed into MR-tall panels), then jr / ir over the panels, each pair one
/// micro-kernel call that keeps an MR x NR tile of C in registers. The micro-kernel is picked by
/// <see cref="CpuSimd.Current"/>.
/// </para>
/// <para>
/// Deterministic: the k blocking depends on k alone and every element of C sums its k slices in order, one
/// micro-kernel per slice, so results are bit-identical whatever the thread count. Threads split C (rows or
/// columns, whole tiles) and never k; each thread packs its own panels into its own reused buffers.
/// </para>
/// </summary>
internal static unsafe class Sgemm
{
    /// <summary>Depth of one k slice (the packed panels' length).</summary>
    internal const int KC = GemmBlocking.KC;
    /// <summary>Rows of the packed A block (kept in L2).</summary>
    private static readonly int MC = GemmBlocking.MC;
    /// <summary>Columns of the packed B slice (kept in L3).</summary>
    private static readonly int NC = GemmBlocking.NC;
    /// <summary>Below this many multiply-adds (m*n*k) the call stays on the calling thread.</summary>
    internal const long ParallelThreshold = 64L * 64 * 64;

    [ThreadStatic] private static SimdLevel t_lastPath;

    /// <summary>The SIMD level the last <see cref="Multiply"/> call made on this thread ran at.</summary>
    internal static SimdLevel LastPath => t_lastPath;

    /// <summary>
    /// C[m x n] (row-major, leading dimension ldc) = (accumulate ? C : 0) + A[m x k] * B[k x n].
    /// A element (i,p) is at a[i*aRowStride + p*aColStride]; B element (p,j) at b[p*bRowStride + j*bColStride].
    /// </summary>
    public static void Multiply(int m, int n, int k,
        float* a, long aRowStride, long aColStride,
        float* b, long bRowStride, long bColStride,
        float* c, long ldc, bool accumulate, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        SimdLevel level = CpuSimd.Current;
        t_lastPath = level;
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) new Span<float>(c + i * ldc, n).Clear();
            return;
        }

        var problem = new Problem(m, n, k, a, aRowStride, aColStride, c, ldc, accumulate);
        Dispatch(problem, new StridedB(b, bRowStride, bColStride), level, threads);
    }

    /// <summary>
    /// C[m x n] = (accumulate ? C : 0) + A * B where B is read through <paramref name="b"/>'s packing (e.g. convolution
    /// patches that are never materialised). Same blocking, threading and bits as <see cref="Multiply"/>.
    /// </summary>
    internal static void MultiplyPacked<TB>(int m, int n, int k, float* a, long aRowStride, long aColStride, TB b,
        float* c, long ldc, bool accumulate, int threads) where TB : struct, IGemmSourceB
    {
        SimdLevel level = CpuSimd.Current;
        t_lastPath = level;
        if (m == 0 || n == 0 || k == 0) { if (k == 0 && !accumulate) for (int i = 0; i < m; i++) new Span<float>(c + i * ldc, n).Clear(); return; }
        Dispatch(new Problem(m, n, k, a, aRowStride, aColStride, c, ldc, accumulate), b, level, threads);
    }

    private static void Dispatch<TB>(Problem problem, TB b, SimdLevel level, int threads) where TB : struct, IGemmSourceB
    {
        switch (level)
        {
            case SimdLevel.Vector512 when UseWide(problem.M): Run<GemmMicroKernel512Wide, TB>(problem, b, threads); break;
            case SimdLevel.Vector512: Run<GemmMicroKernel512, TB>(problem, b, threads); break;
            case SimdLevel.Vector256: Run<GemmMicroKernel256, TB>(problem, b, threads); break;
            case SimdLevel.Vector128: Run<GemmMicroKernel128, TB>(problem, b, threads); break;
            default: Run<GemmMicroKernelScalar, TB>(problem, b, threads); break;
        }
    }

    /// <summary>
    /// Short products whose rows are a multiple of 8 but not of 12 (a batch of 64, 32 or 64 channels) take the
    /// 8 x 48 kernel, which wastes no rows; everything else the 12 x 32 one. Both give the same bits.
    /// </summary>
    private static bool UseWide(int m) => m % 8 == 0 && m % 12 != 0 && m <= WideMaxRows;

    private const int WideMaxRows = 256;

    /// <summary>The most floats of A packed whole for reuse across column blocks (4 MiB).</summary>
    private const long PackAOnceLimit = 1 << 20;

    /// <summary>The operands of one call.</summary>
    private readonly struct Problem(int m, int n, int k, float* a, long aRowStride, long aColStride, float* c, long ldc, bool accumulate)
    {
        public readonly int M = m, N = n, K = k;
        public readonly float* A = a, C = c;
        public readonly long ARow = aRowStride, ACol = aColStride, Ldc = ldc;
        public readonly bool Accumulate = accumulate;
    }

    private static void Run<TK, TB>(Problem pr, TB b, int threads) where TK : struct, IGemmMicroKernel where TB : struct, IGemmSourceB
    {
        int mr = TK.MR, nr = TK.NR;
        int tilesM = (pr.M + mr - 1) / mr;
        int tilesN = (pr.N + nr - 1) / nr;
        // Split the dimension with more tiles, whole tiles per thread.
        bool splitRows = tilesM >= tilesN;
        int tiles = splitRows ? tilesM : tilesN;
        int t = Math.Min(Math.Max(threads, 1), tiles);
        if ((long)pr.M * pr.N * pr.K < ParallelThreshold) t = 1;

        if (t == 1)
        {
            Blocked<TK, TB>(pr, b, 0, pr.M, 0, pr.N);
            return;
        }

        Parallelism.Run(t, part =>
        {
            int first = (int)((long)tiles * part / t), last = (int)((long)tiles * (part + 1) / t);
            if (splitRows)
                Blocked<TK, TB>(pr, b, first * mr, Math.Min(last * mr, pr.M), 0, pr.N);
            else
                Blocked<TK, TB>(pr, b, 0, pr.M, first * nr, Math.Min(last * nr, pr.N));
        });
    }

    /// <summary>
    /// Depth of each k slice for a product of depth k (the last may be shorter): at most KC, balanced so no slice
    /// is tiny, and a function of k alone (never of threads), which is what fixes the rounding.
    /// </summary>
    internal static int SliceDepth(int k)
    {
        int slices = Math.Max(1, (k + KC - 1) / KC);
        return (k + slices - 1) / slices;
    }

    /// <summary>Computes rows [i0, i1) x columns [j0, j1) of C on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked<TK, TB>(Problem pr, TB b, int i0, int i1, int j0, int j1) where TK : struct, IGemmMicroKernel where TB : struct, IGemmSourceB
    {
        int mr = TK.MR, nr = TK.NR;
        int k = pr.K;
        int kcBlock = SliceDepth(k);

        int mLen = i1 - i0, nLen = j1 - j0;
        int ncMax = Math.Min(NC, (nLen + nr - 1) / nr * nr);
        int mcMax = Math.Min(MC, (mLen + mr - 1) / mr * mr);
        // Few rows and many column blocks (a convolution's [O, K] weights against N * OH * OW patches): every k slice
        // of A is packed once, before the column loop, instead of once per column block. The micro-kernel sees the
        // same panels, so the bits do not change.
        bool packAOnce = mLen <= MC && nLen > NC && (long)mcMax * k <= PackAOnceLimit;
        float* packA = GemmBuffers.A((nuint)mcMax * (nuint)(packAOnce ? k : kcBlock));
        float* packB = GemmBuffers.B((nuint)ncMax * (nuint)kcBlock);
        if (packAOnce)
            for (int pc = 0; pc < k; pc += kcBlock)
                GemmPacking.PackA(mLen, Math.Min(kcBlock, k - pc), pr.A + i0 * pr.ARow + pc * pr.ACol, pr.ARow, pr.ACol, mr, packA + (long)mcMax * pc);

        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcBlock)
            {
                int kc = Math.Min(kcBlock, k - pc);
                bool overwrite = pc == 0 && !pr.Accumulate;
                b.Pack(pc, kc, jc, nc, nr, packB);
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    float* blockA = packAOnce ? packA + (long)mcMax * pc : packA;
                    if (!packAOnce) GemmPacking.PackA(mc, kc, pr.A + ic * pr.ARow + pc * pr.ACol, pr.ARow, pr.ACol, mr, packA);
                    // The A micro-panel (kc x MR) stays in L1 while the B micro-panels stream from L2.
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        float* aPanel = blockA + (long)ir * kc;
                        float* cRow = pr.C + (ic + ir) * pr.Ldc + jc;
                        int mrValid = Math.Min(mr, mc - ir);
                        for (int jr = 0; jr < nc; jr += nr)
                            TK.Run(kc, aPanel, packB + (long)jr * kc, cRow + jr, pr.Ldc, mrValid, Math.Min(nr, nc - jr), overwrite);
                    }
                }
            }
        }
    }
}
