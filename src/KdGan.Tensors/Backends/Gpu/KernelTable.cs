using System.Reflection;
using ILGPU.Algorithms.ScanReduceOperations;
using KdGan.Tensors.Backends.Gpu.Kernels;
using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>One kernel entry point: a name, its (closed) method, and whether it is explicitly grouped.</summary>
public sealed record KernelEntry(string Name, MethodInfo Method, bool ExplicitlyGrouped);

/// <summary>
/// Every kernel the GPU backend launches, declared once. The registry (<see cref="GpuKernels"/>) loads from it, its
/// warm-up (<see cref="GpuKernels.LoadAll"/>) and the PTX gate (<see cref="PtxCompiler"/>) walk <see cref="All"/>, so
/// adding a kernel is one line here and its launch in the host method. The elementwise families have one
/// instantiation per value of their op enum, with the functor named after it (UnaryOp.Exp: <see cref="GpuExp"/>):
/// a new enum value without its functor fails when this class is first used, naming both.
/// </summary>
public static class KernelTable
{
    private static readonly Dictionary<UnaryOp, KernelEntry> s_unary = Enum.GetValues<UnaryOp>().ToDictionary(op => op, op =>
        Generic($"Unary.{op}", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Unary), Functor(op.ToString(), typeof(UnaryOp)), grouped: false));

    private static readonly Dictionary<BinaryOp, KernelEntry> s_binary = Enum.GetValues<BinaryOp>().ToDictionary(op => op, op =>
        Generic($"Binary.{op}", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Binary), Functor(op.ToString(), typeof(BinaryOp)), grouped: false));

    /// <summary>The reductions the kernels implement: Mean is Sum with a scale (<see cref="GpuBackend"/>).</summary>
    private static readonly Dictionary<ReduceOp, Type> s_reductions =
        new() { [ReduceOp.Sum] = typeof(AddFloat), [ReduceOp.Max] = typeof(GpuMaxReduce) };

    private static readonly Dictionary<ReduceOp, KernelEntry> s_perGroup = s_reductions.ToDictionary(kv => kv.Key,
        kv => Generic($"Reduce.{kv.Key}.PerGroup", typeof(ReduceKernels), nameof(ReduceKernels.PerGroup), kv.Value, grouped: true));

    private static readonly Dictionary<ReduceOp, KernelEntry> s_perThread = s_reductions.ToDictionary(kv => kv.Key,
        kv => Generic($"Reduce.{kv.Key}.PerThread", typeof(ReduceKernels), nameof(ReduceKernels.PerThread), kv.Value, grouped: false));

    private static readonly Dictionary<RandomDistribution, KernelEntry> s_random = Enum.GetValues<RandomDistribution>().ToDictionary(d => d,
        d => new KernelEntry($"Random.{d}", Method(typeof(PhiloxKernels), d.ToString()), false));

    public static KernelEntry Unary(UnaryOp op) => s_unary[op];
    public static KernelEntry Binary(BinaryOp op) => s_binary[op];
    public static KernelEntry ReducePerGroup(ReduceOp op) => s_perGroup[op == ReduceOp.Mean ? ReduceOp.Sum : op];
    public static KernelEntry ReducePerThread(ReduceOp op) => s_perThread[op == ReduceOp.Mean ? ReduceOp.Sum : op];
    public static KernelEntry Random(RandomDistribution distribution) => s_random[distribution];

    // The single kernels, by family. The name is what the PTX gate and errors print.
    public static readonly KernelEntry Copy =
        Generic("Copy", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Unary), typeof(GpuIdentity), grouped: false);
    public static readonly KernelEntry Fill = Auto("Fill", ElementwiseKernels.Fill);
    public static readonly KernelEntry ArgMax = Auto("ArgMax", ReduceKernels.ArgMax);
    public static readonly KernelEntry Gemm = Grouped("Gemm.Tiled", GemmKernel.Tiled);
    public static readonly KernelEntry Softmax = Grouped("Softmax.Rows", SoftmaxKernels.Rows);
    public static readonly KernelEntry Im2Col = Auto("Layer.Im2Col", Im2ColKernels.Im2Col);
    public static readonly KernelEntry Col2Im = Auto("Layer.Col2Im", Im2ColKernels.Col2Im);
    public static readonly KernelEntry MaxPool = Auto("Layer.MaxPool", PoolKernels.MaxPool);
    public static readonly KernelEntry MaxPoolBackward = Auto("Layer.MaxPoolBackward", PoolKernels.MaxPoolBackward);
    public static readonly KernelEntry AvgPool = Auto("Layer.AvgPool", PoolKernels.AvgPool);
    public static readonly KernelEntry AvgPoolBackward = Auto("Layer.AvgPoolBackward", PoolKernels.AvgPoolBackward);
    public static readonly KernelEntry GumbelMax = Auto("Gumbel.GumbelMax", GumbelKernels.GumbelMax);
    public static readonly KernelEntry GumbelSoftmax = Grouped("Gumbel.GumbelSoftmax", GumbelKernels.GumbelSoftmax);
    public static readonly KernelEntry BatchNormForward = Grouped("BatchNorm.Forward", BatchNormKernels.Forward);
    public static readonly KernelEntry BatchNormBackward = Grouped("BatchNorm.Backward", BatchNormKernels.Backward);
    public static readonly KernelEntry LstmForward = Auto("Sequence.LstmForward", LstmKernels.Forward);
    public static readonly KernelEntry LstmBackward = Auto("Sequence.LstmBackward", LstmKernels.Backward);
    public static readonly KernelEntry EmbeddingGather = Auto("Sequence.EmbeddingGather", EmbeddingKernels.Gather);
    public static readonly KernelEntry EmbeddingScatterAdd = Auto("Sequence.EmbeddingScatterAdd", EmbeddingKernels.ScatterAdd);
    public static readonly KernelEntry AdamStep = Auto("Optimizer.AdamStep", AdamKernels.Step);

    /// <summary>Every entry point: the families, then the single kernels in declaration order.</summary>
    public static IReadOnlyList<KernelEntry> All { get; } =
    [
        .. s_unary.Values, .. s_binary.Values, .. s_perGroup.Values, .. s_perThread.Values, .. s_random.Values,
        .. typeof(KernelTable).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(KernelEntry))
            .OrderBy(f => f.MetadataToken).Select(f => (KernelEntry)f.GetValue(null)!),
    ];

    private static MethodInfo Method(Type t, string name) =>
        t.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(t.Name, name);

    private static KernelEntry Auto(string name, Delegate kernel) => new(name, kernel.Method, false);
    private static KernelEntry Grouped(string name, Delegate kernel) => new(name, kernel.Method, true);
    private static KernelEntry Generic(string name, Type t, string method, Type op, bool grouped) =>
        new(name, Method(t, method).MakeGenericMethod(op), grouped);

    /// <summary>The functor struct Gpu{Op} of an enum value (Ops/Elementwise/ElementwiseFunctors.Gpu.cs).</summary>
    private static Type Functor(string op, Type enumType) =>
        typeof(GpuIdentity).Assembly.GetType($"{typeof(GpuIdentity).Namespace}.Gpu{op}")
        ?? throw new InvalidOperationException($"{enumType.Name}.{op} has no GPU functor Gpu{op} in Ops/Elementwise/ElementwiseFunctors.Gpu.cs.");
}
