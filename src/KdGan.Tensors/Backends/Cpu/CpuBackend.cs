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

    public void Unary(UnaryOp op, Tensor x, float alpha, Tensor dst)
    {
        switch (op)
        {
            case UnaryOp.Neg: RunUnary(new NegKernel(), x, dst); break;
            case UnaryOp.Abs: RunUnary(new AbsKernel(), x, dst); break;
            case UnaryOp.Exp: RunUnary(new ExpKernel(), x, dst); break;
            case UnaryOp.Log: RunUnary(new LogKernel(), x, dst); break;
            case UnaryOp.Sqrt: RunUnary(new SqrtKernel(), x, dst); break;
            case UnaryOp.Square: RunUnary(new SquareKernel(), x, dst); break;
            case UnaryOp.Reciprocal: RunUnary(new ReciprocalKernel(), x, dst); break;
            case UnaryOp.Relu: RunUnary(new ReluKernel(), x, dst); break;
            case UnaryOp.Sigmoid: RunUnary(new SigmoidKernel(), x, dst); break;
            case UnaryOp.Tanh: RunUnary(new TanhKernel(), x, dst); break;
            case UnaryOp.AddScalar: RunUnary(new AddScalarKernel(alpha), x, dst); break;
            case UnaryOp.MulScalar: RunUnary(new MulScalarKernel(alpha), x, dst); break;
            case UnaryOp.PowScalar: RunUnary(new PowScalarKernel(alpha), x, dst); break;
            case UnaryOp.LeakyRelu: RunUnary(new LeakyReluKernel(alpha), x, dst); break;
            case UnaryOp.GreaterThanScalar: RunUnary(new GreaterThanScalarKernel(alpha), x, dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown unary op.");
        }
    }

    public void Binary(BinaryOp op, Tensor a, Tensor b, Tensor dst)
    {
        switch (op)
        {
            case BinaryOp.Add: RunBinary(new AddKernel(), a, b, dst); break;
            case BinaryOp.Sub: RunBinary(new SubKernel(), a, b, dst); break;
            case BinaryOp.Mul: RunBinary(new MulKernel(), a, b, dst); break;
            case BinaryOp.Div: RunBinary(new DivKernel(), a, b, dst); break;
            case BinaryOp.Maximum: RunBinary(new MaximumKernel(), a, b, dst); break;
            case BinaryOp.Minimum: RunBinary(new MinimumKernel(), a, b, dst); break;
            case BinaryOp.GreaterThan: RunBinary(new GreaterThanKernel(), a, b, dst); break;
            case BinaryOp.Equal: RunBinary(new EqualKernel(), a, b, dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown binary op.");
        }
    }

    private static void RunUnary<TOp>(TOp op, Tensor x, Tensor dst) where TOp : struct, IUnaryKernel
    {
        var level = BeginOp();
        if (!op.Vectorizable) t_lastPath = SimdLevel.Scalar;
        float* px = Ptr(x), pd = Ptr(dst);
        var layout = new StridedLayout(dst.Shape, dst, x);
        long sd = layout.InnerStride(0), sx = layout.InnerStride(1);
        layout.ForEachRunParallel((off, n) => ElementwiseLoops.Unary(op, px + off[1], sx, pd + off[0], sd, n, level));
    }

    private static void RunBinary<TOp>(TOp op, Tensor a, Tensor b, Tensor dst) where TOp : struct, IBinaryKernel
    {
        var level = BeginOp();
        float* pa = Ptr(a), pb = Ptr(b), pd = Ptr(dst);
        var layout = new StridedLayout(dst.Shape, dst, a, b);
        long sd = layout.InnerStride(0), sa = layout.InnerStride(1), sb = layout.InnerStride(2);
        layout.ForEachRunParallel((off, n) => ElementwiseLoops.Binary(op, pa + off[1], sa, pb + off[2], sb, pd + off[0], sd, n, level));
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
