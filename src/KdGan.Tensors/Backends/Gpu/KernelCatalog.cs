using System.Reflection;
using ILGPU.Algorithms.ScanReduceOperations;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>One kernel entry point: a name, its (closed) method, and whether it is explicitly grouped.</summary>
public sealed record KernelEntry(string Name, MethodInfo Method, bool ExplicitlyGrouped);

/// <summary>
/// Every kernel the GPU backend launches, as methods: the registry (<see cref="GpuKernels"/>) loads from here,
/// and the PTX gate (<see cref="PtxCompiler"/>) compiles all of them, so nothing launched escapes the check.
/// </summary>
public static class KernelCatalog
{
    public static Type UnaryOpType(UnaryOp op) => op switch
    {
        UnaryOp.Neg => typeof(GpuNeg),
        UnaryOp.Abs => typeof(GpuAbs),
        UnaryOp.Exp => typeof(GpuExp),
        UnaryOp.Log => typeof(GpuLog),
        UnaryOp.Sqrt => typeof(GpuSqrt),
        UnaryOp.Square => typeof(GpuSquare),
        UnaryOp.Reciprocal => typeof(GpuReciprocal),
        UnaryOp.Relu => typeof(GpuRelu),
        UnaryOp.Sigmoid => typeof(GpuSigmoid),
        UnaryOp.Tanh => typeof(GpuTanh),
        UnaryOp.AddScalar => typeof(GpuAddScalar),
        UnaryOp.MulScalar => typeof(GpuMulScalar),
        UnaryOp.PowScalar => typeof(GpuPowScalar),
        UnaryOp.LeakyRelu => typeof(GpuLeakyRelu),
        UnaryOp.GreaterThanScalar => typeof(GpuGreaterThanScalar),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown unary op."),
    };

    public static Type BinaryOpType(BinaryOp op) => op switch
    {
        BinaryOp.Add => typeof(GpuAdd),
        BinaryOp.Sub => typeof(GpuSub),
        BinaryOp.Mul => typeof(GpuMul),
        BinaryOp.Div => typeof(GpuDiv),
        BinaryOp.Maximum => typeof(GpuMaximum),
        BinaryOp.Minimum => typeof(GpuMinimum),
        BinaryOp.GreaterThan => typeof(GpuGreaterThan),
        BinaryOp.Equal => typeof(GpuEqual),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown binary op."),
    };

    public static Type ReduceOpType(ReduceOp op) => op == ReduceOp.Max ? typeof(GpuMaxReduce) : typeof(AddFloat);

    private static MethodInfo M(Type t, string name) =>
        t.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(t.Name, name);

    public static MethodInfo Unary(Type op) => M(typeof(ElementwiseKernels), nameof(ElementwiseKernels.Unary)).MakeGenericMethod(op);
    public static MethodInfo Binary(Type op) => M(typeof(ElementwiseKernels), nameof(ElementwiseKernels.Binary)).MakeGenericMethod(op);
    public static MethodInfo ReducePerGroup(Type op) => M(typeof(ReduceKernels), nameof(ReduceKernels.PerGroup)).MakeGenericMethod(op);
    public static MethodInfo ReducePerThread(Type op) => M(typeof(ReduceKernels), nameof(ReduceKernels.PerThread)).MakeGenericMethod(op);

    /// <summary>All entry points, in a stable order.</summary>
    public static IReadOnlyList<KernelEntry> All()
    {
        var list = new List<KernelEntry>();
        list.Add(new("Copy", Unary(typeof(GpuIdentity)), false));
        foreach (var op in Enum.GetValues<UnaryOp>()) list.Add(new($"Unary.{op}", Unary(UnaryOpType(op)), false));
        foreach (var op in Enum.GetValues<BinaryOp>()) list.Add(new($"Binary.{op}", Binary(BinaryOpType(op)), false));
        list.Add(new("Fill", M(typeof(ElementwiseKernels), nameof(ElementwiseKernels.Fill)), false));
        foreach (var op in new[] { ReduceOp.Sum, ReduceOp.Max })
        {
            list.Add(new($"Reduce.{op}.PerGroup", ReducePerGroup(ReduceOpType(op)), true));
            list.Add(new($"Reduce.{op}.PerThread", ReducePerThread(ReduceOpType(op)), false));
        }
        list.Add(new("ArgMax", M(typeof(ReduceKernels), nameof(ReduceKernels.ArgMax)), false));
        list.Add(new("Gemm.Tiled", M(typeof(GemmKernel), nameof(GemmKernel.Tiled)), true));
        list.Add(new("Softmax.Rows", M(typeof(SoftmaxKernels), nameof(SoftmaxKernels.Rows)), true));
        list.Add(new("Random.Uniform", M(typeof(PhiloxKernels), nameof(PhiloxKernels.Uniform)), false));
        list.Add(new("Random.Normal", M(typeof(PhiloxKernels), nameof(PhiloxKernels.Normal)), false));
        list.Add(new("Random.Gumbel", M(typeof(PhiloxKernels), nameof(PhiloxKernels.Gumbel)), false));
        list.Add(new("Layer.Im2Col", M(typeof(Im2ColKernels), nameof(Im2ColKernels.Im2Col)), false));
        list.Add(new("Layer.Col2Im", M(typeof(Im2ColKernels), nameof(Im2ColKernels.Col2Im)), false));
        list.Add(new("Layer.MaxPool", M(typeof(PoolKernels), nameof(PoolKernels.MaxPool)), false));
        list.Add(new("Layer.MaxPoolBackward", M(typeof(PoolKernels), nameof(PoolKernels.MaxPoolBackward)), false));
        list.Add(new("Layer.AvgPool", M(typeof(PoolKernels), nameof(PoolKernels.AvgPool)), false));
        list.Add(new("Layer.AvgPoolBackward", M(typeof(PoolKernels), nameof(PoolKernels.AvgPoolBackward)), false));
        list.Add(new("Layer.GumbelMax", M(typeof(GumbelKernels), nameof(GumbelKernels.GumbelMax)), false));
        list.Add(new("Layer.GumbelSoftmax", M(typeof(GumbelKernels), nameof(GumbelKernels.GumbelSoftmax)), true));
        list.Add(new("Layer.BatchNormForward", M(typeof(BatchNormKernels), nameof(BatchNormKernels.Forward)), true));
        list.Add(new("Layer.BatchNormBackward", M(typeof(BatchNormKernels), nameof(BatchNormKernels.Backward)), true));
        list.Add(new("Sequence.LstmForward", M(typeof(LstmKernels), nameof(LstmKernels.Forward)), false));
        list.Add(new("Sequence.LstmBackward", M(typeof(LstmKernels), nameof(LstmKernels.Backward)), false));
        list.Add(new("Sequence.EmbeddingGather", M(typeof(EmbeddingKernels), nameof(EmbeddingKernels.Gather)), false));
        list.Add(new("Sequence.EmbeddingScatterAdd", M(typeof(EmbeddingKernels), nameof(EmbeddingKernels.ScatterAdd)), false));
        list.Add(new("Optimizer.AdamStep", M(typeof(AdamKernels), nameof(AdamKernels.Step)), false));
        return list;
    }
}
