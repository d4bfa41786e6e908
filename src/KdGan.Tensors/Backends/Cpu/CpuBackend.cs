using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// The CPU backend: SIMD loops (Vector256 with FMA, Vector128, scalar; see <see cref="CpuSimd"/>) over
/// strided views, split over <see cref="CpuThreads.Count"/> threads. This file holds memory movement
/// and elementwise dispatch; reductions, softmax, matmul and random draws live beside it.
/// </summary>
public sealed unsafe partial class CpuBackend : IBackend
{
    public static CpuBackend Instance { get; } = new();

    private CpuBackend() { }

    public Device Device => Device.Cpu;

    [ThreadStatic] private static SimdLevel t_lastPath;

    /// <summary>The SIMD level the last op called on this thread ran its inner loops at (for tests).</summary>
    public static SimdLevel LastPath => t_lastPath;

    /// <summary>Reads the SIMD level once per op on the calling thread and records it.</summary>
    private static SimdLevel BeginOp()
    {
        var level = CpuSimd.Current;
        t_lastPath = level;
        return level;
    }

    public Storage Allocate(long length) => new CpuStorage(Device.Cpu, length);

    public void EmptyCache() => CpuMemoryPool.EmptyCache();

    internal static float* Ptr(Tensor t) => ((CpuStorage)t.Storage).Pointer;

    public void Upload(ReadOnlySpan<float> src, Tensor dst)
    {
        if (dst.IsContiguous)
        {
            src.CopyTo(new Span<float>(Ptr(dst) + dst.Offset, (int)dst.NumElements));
            return;
        }
        using var staging = Tensor.FromArray(src, dst.Shape);
        Copy(staging, dst);
    }

    public void Download(Tensor src, Span<float> dst)
    {
        if (src.IsContiguous)
        {
            new ReadOnlySpan<float>(Ptr(src) + src.Offset, (int)src.NumElements).CopyTo(dst);
            return;
        }
        using var dense = src.Contiguous();
        Download(dense, dst);
    }

    public void Fill(Tensor dst, float value)
    {
        float* p = Ptr(dst);
        var layout = new StridedLayout(dst.Shape, dst);
        long s = layout.InnerStride(0);
        layout.ForEachRunParallel((off, n) =>
        {
            float* q = p + off[0];
            if (s == 1) new Span<float>(q, (int)n).Fill(value);
            else for (long i = 0; i < n; i++) q[i * s] = value;
        }, minPerThread: 1 << 18);
    }

    public void Copy(Tensor src, Tensor dst)
    {
        float* ps = Ptr(src), pd = Ptr(dst);
        var layout = new StridedLayout(dst.Shape, dst, src);
        long sd = layout.InnerStride(0), ss = layout.InnerStride(1);
        layout.ForEachRunParallel((off, n) =>
        {
            float* d = pd + off[0], s = ps + off[1];
            if (sd == 1 && ss == 1) new ReadOnlySpan<float>(s, (int)n).CopyTo(new Span<float>(d, (int)n));
            else for (long i = 0; i < n; i++) d[i * sd] = s[i * ss];
        }, minPerThread: 1 << 16);
    }

    public void Random(RandomDistribution distribution, ulong seed, ulong offset, Tensor dst)
    {
        if (!dst.IsContiguous) throw new ArgumentException("Random: the destination must be contiguous.");
        BeginOp();
        float* p = Ptr(dst) + dst.Offset;
        Parallelism.ForRanges(dst.NumElements, 1 << 14, (s, e) =>
            RandomStream.Fill(distribution, seed, offset, s, new Span<float>(p + s, (int)(e - s))));
    }
}
