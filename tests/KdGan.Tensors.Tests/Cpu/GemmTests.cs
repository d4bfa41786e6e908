using KdGan.Tensors.Backends.Cpu.Gemm;
using KdGan.Testing;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>Sgemm against the triple-loop GemmReference, at every SIMD level, plus determinism across thread counts.
/// In the "CpuSimd" collection: CpuSimd.Force is process-wide, so classes that force a level must not run in parallel.</summary>
[Collection("CpuSimd")]
public unsafe class GemmTests
{
    private static readonly int[] Sizes = [0, 1, 7, 8, 15, 16, 17, 31, 33, 65, 100];

    /// <summary>How an operand is laid out in memory.</summary>
    public enum Layout
    {
        /// <summary>Row-major, rows contiguous (leading dimension = cols + padding).</summary>
        RowMajor,
        /// <summary>Stored transposed: column-major (element (r,c) at c*ld + r).</summary>
        Transposed,
        /// <summary>Neither stride is 1: every other column of every other row of a bigger buffer.</summary>
        Strided,
    }

    /// <summary>An operand: its buffer and the strides of element (r,c).</summary>
    private sealed class Operand
    {
        public readonly float[] Data;
        public readonly long RowStride, ColStride;

        public Operand(int rows, int cols, Layout layout, Random rnd)
        {
            switch (layout)
            {
                case Layout.RowMajor: RowStride = cols + 3; ColStride = 1; break;
                case Layout.Transposed: RowStride = 1; ColStride = rows + 2; break;
                default: RowStride = 2 * (2L * cols + 1); ColStride = 2; break;
            }
            long span = Math.Max(0, (rows - 1) * RowStride + (cols - 1) * ColStride + 1);
            Data = new float[Math.Max(span, 1) + 8];
            for (int i = 0; i < Data.Length; i++) Data[i] = (float)(rnd.NextDouble() * 2 - 1);
        }
    }

    private static void CheckCase(SimdLevel level, int m, int n, int k, Layout aLayout, Layout bLayout,
        bool accumulate, int threads, int seed)
    {
        var rnd = new Random(seed);
        var a = new Operand(m, k, aLayout, rnd);
        var b = new Operand(k, n, bLayout, rnd);
        long ldc = n + 5;
        var c = new float[Math.Max(1, m * ldc)];
        for (int i = 0; i < c.Length; i++) c[i] = (float)(rnd.NextDouble() * 2 - 1);
        // Entries past column n of each row must be left alone.
        var expected = (float[])c.Clone();

        fixed (float* pa = a.Data, pb = b.Data, pc = c, pe = expected)
        {
            GemmReference.Multiply(m, n, k, pa, a.RowStride, a.ColStride, pb, b.RowStride, b.ColStride, pe, ldc, accumulate);
            using (CpuSimd.Force(level))
            {
                Sgemm.Multiply(m, n, k, pa, a.RowStride, a.ColStride, pb, b.RowStride, b.ColStride, pc, ldc, accumulate, threads);
                Assert.Equal(level, Sgemm.LastPath);
            }
        }

        double atol = 1e-4 * Math.Sqrt(Math.Max(k, 1)), rtol = 1e-4;
        for (int i = 0; i < c.Length; i++)
        {
            double diff = Math.Abs(c[i] - expected[i]);
            if (diff > atol + rtol * Math.Abs(expected[i]))
                Assert.Fail($"{level} m={m} n={n} k={k} A={aLayout} B={bLayout} acc={accumulate} threads={threads}: " +
                            $"C[{i / ldc},{i % ldc}] = {c[i]}, reference {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void EdgeShapes_RowMajor_MatchReference(SimdLevel level)
    {
        int seed = 0;
        foreach (int m in Sizes)
            foreach (int n in Sizes)
                foreach (int k in new[] { 0, 1, 7, 17, 33, 100 })
                    CheckCase(level, m, n, k, Layout.RowMajor, Layout.RowMajor, accumulate: (seed & 1) == 1, threads: 1, seed++);
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void EveryLayout_MatchesReference(SimdLevel level)
    {
        int seed = 100;
        int[][] shapes = [[1, 1, 1], [7, 17, 15], [8, 16, 16], [17, 33, 31], [33, 7, 65], [65, 100, 17], [100, 65, 100], [31, 1, 33], [1, 31, 8]];
        foreach (int[] s in shapes)
            foreach (Layout la in Enum.GetValues<Layout>())
                foreach (Layout lb in Enum.GetValues<Layout>())
                    foreach (bool acc in new[] { false, true })
                        CheckCase(level, s[0], s[1], s[2], la, lb, acc, threads: 1, seed++);
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void Threaded_MatchesReference(SimdLevel level)
    {
        int seed = 1000;
        // Big enough to pass the parallel threshold; tall (rows split) and wide (columns split); k over one slice.
        int[][] shapes = [[100, 65, 100], [33, 300, 65], [130, 17, 300], [65, 100, 513]];
        foreach (int[] s in shapes)
            foreach (int threads in new[] { 1, 2, 3 })
                foreach (bool acc in new[] { false, true })
                    CheckCase(level, s[0], s[1], s[2], Layout.RowMajor, acc ? Layout.Transposed : Layout.RowMajor, acc, threads, seed++);
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void FewRowsManyColumnBlocks_MatchReference_AndTheBlockByBlockProduct(SimdLevel level)
    {
        // A convolution's shape: few rows, a deep k over several slices, more columns than one packed B slice, so A
        // is packed once for every column block. Each block must equal the same product computed alone.
        int m = 40, k = 600, n = 2 * GemmBlocking.NC + 37;
        CheckCase(level, m, n, k, Layout.RowMajor, Layout.RowMajor, accumulate: false, threads: 1, seed: 77);
        var rnd = new Random(5);
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rnd.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rnd.NextDouble() * 2 - 1);
        var whole = new float[m * n];
        var blocks = new float[m * n];
        using var forced = CpuSimd.Force(level);
        fixed (float* pa = a, pb = b, pw = whole, pbk = blocks)
        {
            Sgemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, pw, n, false, 1);
            for (int j0 = 0; j0 < n; j0 += GemmBlocking.NC)
                Sgemm.Multiply(m, Math.Min(GemmBlocking.NC, n - j0), k, pa, k, 1, pb + j0, n, 1, pbk + j0, n, false, 1);
        }
        for (int i = 0; i < whole.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(whole[i]) == BitConverter.SingleToInt32Bits(blocks[i]),
                $"{level}: C[{i / n},{i % n}] = {whole[i]} in one call, {blocks[i]} block by block");
    }

    [Fact]
    public void ZeroDepth_WritesZeros_OrLeavesC()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        fixed (float* pc = c)
        {
            Sgemm.Multiply(2, 2, 0, null, 0, 1, null, 2, 1, pc, 3, accumulate: true, threads: 1);
            Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c);
            Sgemm.Multiply(2, 2, 0, null, 0, 1, null, 2, 1, pc, 3, accumulate: false, threads: 1);
            Assert.Equal(new float[] { 0, 0, 3, 0, 0, 6 }, c);
        }
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void ResultsAreBitIdentical_AcrossThreadCounts_AndRuns(SimdLevel level)
    {
        const int m = 200, n = 300, k = 150;
        var rnd = new Random(42);
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rnd.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rnd.NextDouble() * 2 - 1);
        var baseline = new float[m * n];
        using var forced = CpuSimd.Force(level);
        fixed (float* pa = a, pb = b, p1 = baseline)
        {
            Sgemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, p1, n, false, 1);
            foreach (int threads in new[] { 2, 3, 1 })
            {
                var c = new float[m * n];
                fixed (float* pc = c)
                    Sgemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, pc, n, false, threads);
                Assert.Equal(level, Sgemm.LastPath);
                for (int i = 0; i < c.Length; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(c[i]) == BitConverter.SingleToInt32Bits(baseline[i]),
                        $"threads={threads}: element {i} differs ({c[i]} vs {baseline[i]})");
            }
        }
    }

    /// <summary>
    /// The 256- and 512-bit micro-kernels run the same in-order FMA chain per element over the same k slices,
    /// so switching the vector width (a different machine) changes no bit of a product.
    /// </summary>
    [Fact]
    public void Vector256_and_Vector512_give_the_same_bits()
    {
        if (CpuSimd.Hardware < SimdLevel.Vector512) return; // nothing to compare on this CPU
        var rnd = new Random(7);
        foreach (var (m, n, k) in new[] { (13, 33, 7), (100, 65, 513), (64, 196, 800), (37, 800, 784) })
        {
            var a = new float[m * k];
            var b = new float[k * n];
            for (int i = 0; i < a.Length; i++) a[i] = (float)(rnd.NextDouble() * 2 - 1);
            for (int i = 0; i < b.Length; i++) b[i] = (float)(rnd.NextDouble() * 2 - 1);
            var results = new List<float[]>();
            foreach (var level in new[] { SimdLevel.Vector256, SimdLevel.Vector512 })
            {
                var c = new float[m * n];
                using (CpuSimd.Force(level))
                    fixed (float* pa = a, pb = b, pc = c)
                        Sgemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, pc, n, false, 2);
                results.Add(c);
            }
            for (int i = 0; i < m * n; i++)
                Assert.True(BitConverter.SingleToInt32Bits(results[0][i]) == BitConverter.SingleToInt32Bits(results[1][i]),
                    $"{m}x{n}x{k}: element {i} is {results[1][i]} at Vector512 but {results[0][i]} at Vector256");
        }
    }

    [Fact]
    public void ForcingAboveHardware_IsRefused_AndDefaultPathIsHardware()
    {
        var c = new float[1];
        var a = new float[] { 2 };
        var b = new float[] { 3 };
        fixed (float* pa = a, pb = b, pc = c)
            Sgemm.Multiply(1, 1, 1, pa, 1, 1, pb, 1, 1, pc, 1, false, 1);
        Assert.Equal(6f, c[0]);
        Assert.Equal(CpuSimd.Current, Sgemm.LastPath);
    }
}
