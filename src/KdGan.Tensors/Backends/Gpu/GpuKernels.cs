using System.Diagnostics;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// The kernel registry of one accelerator: each kernel is compiled and loaded the first time it is needed and
/// kept for the accelerator's lifetime, never per call. Lookups after the first are a dictionary read under a
/// lock. <see cref="CompileTime"/> adds up the time spent compiling, so benchmarks can report it apart.
/// </summary>
public sealed class GpuKernels(Accelerator accelerator)
{
    private readonly Dictionary<string, Delegate> _loaded = [];
    private readonly object _lock = new();
    private long _compileTicks;

    /// <summary>Total time spent compiling and loading kernels on this accelerator so far.</summary>
    public TimeSpan CompileTime => TimeSpan.FromTicks(Interlocked.Read(ref _compileTicks));

    /// <summary>Number of kernels loaded so far.</summary>
    public int LoadedCount { get { lock (_lock) return _loaded.Count; } }

    private TDelegate Get<TDelegate>(string key, Func<TDelegate> load) where TDelegate : Delegate
    {
        lock (_lock)
        {
            if (_loaded.TryGetValue(key, out var d)) return (TDelegate)d;
            var sw = Stopwatch.StartNew();
            var kernel = load();
            Interlocked.Add(ref _compileTicks, sw.Elapsed.Ticks);
            _loaded[key] = kernel;
            return kernel;
        }
    }

    private static T Bind<T>(MethodInfo m) where T : Delegate => (T)m.CreateDelegate(typeof(T));

    public Action<Index1D, ArrayView<float>, Strides6, ArrayView<float>, Strides6, Dims6, float> Unary(Type op) =>
        Get("Unary." + op.Name, () => accelerator.LoadAutoGroupedStreamKernel(
            Bind<Action<Index1D, ArrayView<float>, Strides6, ArrayView<float>, Strides6, Dims6, float>>(KernelCatalog.Unary(op))));

    public Action<Index1D, ArrayView<float>, Strides6, ArrayView<float>, Strides6, ArrayView<float>, Strides6, Dims6> Binary(Type op) =>
        Get("Binary." + op.Name, () => accelerator.LoadAutoGroupedStreamKernel(
            Bind<Action<Index1D, ArrayView<float>, Strides6, ArrayView<float>, Strides6, ArrayView<float>, Strides6, Dims6>>(KernelCatalog.Binary(op))));

    public Action<Index1D, ArrayView<float>, Strides6, Dims6, float> Fill =>
        Get("Fill", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, Strides6, Dims6, float>(ElementwiseKernels.Fill));

    public Action<KernelConfig, ArrayView<float>, Dims6, Strides6, Dims6, Strides6, int, ArrayView<float>, float> ReducePerGroup(Type op) =>
        Get("ReducePerGroup." + op.Name, () => accelerator.LoadStreamKernel(
            Bind<Action<ArrayView<float>, Dims6, Strides6, Dims6, Strides6, int, ArrayView<float>, float>>(KernelCatalog.ReducePerGroup(op))));

    public Action<Index1D, ArrayView<float>, Dims6, Strides6, Dims6, Strides6, int, ArrayView<float>, float> ReducePerThread(Type op) =>
        Get("ReducePerThread." + op.Name, () => accelerator.LoadAutoGroupedStreamKernel(
            Bind<Action<Index1D, ArrayView<float>, Dims6, Strides6, Dims6, Strides6, int, ArrayView<float>, float>>(KernelCatalog.ReducePerThread(op))));

    public Action<Index1D, ArrayView<float>, Dims6, Strides6, int, int, ArrayView<float>> ArgMax =>
        Get("ArgMax", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, Dims6, Strides6, int, int, ArrayView<float>>(ReduceKernels.ArgMax));

    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArgs> Gemm =>
        Get("Gemm", () => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmArgs>(GemmKernel.Tiled));

    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, float, int> Softmax =>
        Get("Softmax", () => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, float, int>(SoftmaxKernels.Rows));

    public Action<Index1D, ArrayView<float>, int, ulong, ulong> Random(Rng.RandomDistribution distribution) => distribution switch
    {
        Rng.RandomDistribution.Uniform => Get("Random.Uniform", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, ulong, ulong>(PhiloxKernels.Uniform)),
        Rng.RandomDistribution.Normal => Get("Random.Normal", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, ulong, ulong>(PhiloxKernels.Normal)),
        Rng.RandomDistribution.Gumbel => Get("Random.Gumbel", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, ulong, ulong>(PhiloxKernels.Gumbel)),
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown distribution."),
    };

    // Layer kernels (Kernels/Im2ColKernels.cs, PoolKernels.cs, GumbelKernels.cs).
    public Action<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs> Im2Col =>
        Get("Im2Col", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs>(Im2ColKernels.Im2Col));

    public Action<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs> Col2Im =>
        Get("Col2Im", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs>(Im2ColKernels.Col2Im));

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, WindowArgs> MaxPool =>
        Get("MaxPool", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, WindowArgs>(PoolKernels.MaxPool));

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, WindowArgs> MaxPoolBackward =>
        Get("MaxPoolBackward", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, WindowArgs>(PoolKernels.MaxPoolBackward));

    public Action<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs> AvgPool =>
        Get("AvgPool", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs>(PoolKernels.AvgPool));

    public Action<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs> AvgPoolBackward =>
        Get("AvgPoolBackward", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, WindowArgs>(PoolKernels.AvgPoolBackward));

    public Action<Index1D, ArrayView<float>, ArrayView<float>, GumbelArgs> GumbelMax =>
        Get("GumbelMax", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, GumbelArgs>(GumbelKernels.GumbelMax));

    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, GumbelArgs> GumbelSoftmax =>
        Get("GumbelSoftmax", () => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, GumbelArgs>(GumbelKernels.GumbelSoftmax));

    // Batch norm (Ops/BatchNorm/BatchNormKernels.cs).
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, BatchNormArgs> BatchNormForward =>
        Get("BatchNormForward", () => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, BatchNormArgs>(BatchNormKernels.Forward));

    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, BatchNormArgs> BatchNormBackward =>
        Get("BatchNormBackward", () => accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, BatchNormArgs>(BatchNormKernels.Backward));

    // Sequence kernels (Kernels/LstmKernels.cs, EmbeddingKernels.cs).
    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LstmArgs> LstmForward =>
        Get("LstmForward", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LstmArgs>(LstmKernels.Forward));

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LstmArgs> LstmBackward =>
        Get("LstmBackward", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LstmArgs>(LstmKernels.Backward));

    public Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, EmbeddingArgs> EmbeddingGather =>
        Get("EmbeddingGather", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, EmbeddingArgs>(EmbeddingKernels.Gather));

    public Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, EmbeddingArgs> EmbeddingScatterAdd =>
        Get("EmbeddingScatterAdd", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, EmbeddingArgs>(EmbeddingKernels.ScatterAdd));

    // Optimiser kernels (Kernels/AdamKernels.cs).
    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamArgs> AdamStep =>
        Get("AdamStep", () => accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamArgs>(AdamKernels.Step));

    /// <summary>Compiles and loads every kernel of the catalog now (warm-up; returns the time it took).</summary>
    public TimeSpan LoadAll()
    {
        var before = CompileTime;
        Unary(typeof(GpuIdentity));
        foreach (var op in Enum.GetValues<UnaryOp>()) Unary(KernelCatalog.UnaryOpType(op));
        foreach (var op in Enum.GetValues<BinaryOp>()) Binary(KernelCatalog.BinaryOpType(op));
        _ = Fill;
        foreach (var op in new[] { ReduceOp.Sum, ReduceOp.Max })
        {
            ReducePerGroup(KernelCatalog.ReduceOpType(op));
            ReducePerThread(KernelCatalog.ReduceOpType(op));
        }
        _ = ArgMax;
        _ = Gemm;
        _ = Softmax;
        foreach (var d in Enum.GetValues<Rng.RandomDistribution>()) Random(d);
        _ = Im2Col;
        _ = Col2Im;
        _ = MaxPool;
        _ = MaxPoolBackward;
        _ = AvgPool;
        _ = AvgPoolBackward;
        _ = GumbelMax;
        _ = GumbelSoftmax;
        _ = BatchNormForward;
        _ = BatchNormBackward;
        _ = LstmForward;
        _ = LstmBackward;
        _ = EmbeddingGather;
        _ = EmbeddingScatterAdd;
        _ = AdamStep;
        return CompileTime - before;
    }
}
