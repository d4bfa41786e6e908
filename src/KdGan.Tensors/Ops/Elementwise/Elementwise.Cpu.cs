using System.Linq.Expressions;
using System.Reflection;

namespace KdGan.Tensors.Backends.Cpu;

// The elementwise primitives on the CPU. Each value of UnaryOp / BinaryOp runs the functor struct named after it
// (UnaryOp.Exp: ExpKernel in Unary.Cpu.cs) through one generic loop instantiated for that struct, so the op is
// inlined in its loop. The table is derived from the enums: a new value needs only its functor, and a value without
// one fails when this class is first used, naming both.
public sealed unsafe partial class CpuBackend
{
    private static readonly Dictionary<UnaryOp, Action<Tensor, float, Tensor>> s_unary =
        Enum.GetValues<UnaryOp>().ToDictionary(op => op, op => Runner<Action<Tensor, float, Tensor>>(nameof(RunUnary), Functor(op.ToString(), typeof(UnaryOp))));

    private static readonly Dictionary<BinaryOp, Action<Tensor, Tensor, Tensor>> s_binary =
        Enum.GetValues<BinaryOp>().ToDictionary(op => op, op => Runner<Action<Tensor, Tensor, Tensor>>(nameof(RunBinary), Functor(op.ToString(), typeof(BinaryOp))));

    public void Unary(UnaryOp op, Tensor x, float alpha, Tensor dst) =>
        (s_unary.TryGetValue(op, out var run) ? run : throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown unary op."))(x, alpha, dst);

    public void Binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) =>
        (s_binary.TryGetValue(op, out var run) ? run : throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown binary op."))(a, b, dst);

    private static void RunUnary<TOp>(Tensor x, float alpha, Tensor dst) where TOp : struct, IUnaryKernel
    {
        var op = FunctorOf<TOp>.Create(alpha);
        var level = BeginOp();
        if (!op.Vectorizable) t_lastPath = SimdLevel.Scalar;
        float* px = Ptr(x), pd = Ptr(dst);
        var layout = new StridedLayout(dst.Shape, dst, x);
        long sd = layout.InnerStride(0), sx = layout.InnerStride(1);
        layout.ForEachRunParallel((off, n) => ElementwiseLoops.Unary(op, px + off[1], sx, pd + off[0], sd, n, level));
    }

    private static void RunBinary<TOp>(Tensor a, Tensor b, Tensor dst) where TOp : struct, IBinaryKernel
    {
        var op = default(TOp);
        var level = BeginOp();
        float* pa = Ptr(a), pb = Ptr(b), pd = Ptr(dst);
        var layout = new StridedLayout(dst.Shape, dst, a, b);
        long sd = layout.InnerStride(0), sa = layout.InnerStride(1), sb = layout.InnerStride(2);
        layout.ForEachRunParallel((off, n) => ElementwiseLoops.Binary(op, pa + off[1], sa, pb + off[2], sb, pd + off[0], sd, n, level));
    }

    /// <summary>The functor struct {Op}Kernel of an enum value (Unary.Cpu.cs, Binary.Cpu.cs).</summary>
    private static Type Functor(string op, Type enumType) =>
        typeof(CpuBackend).Assembly.GetType($"{typeof(CpuBackend).Namespace}.{op}Kernel")
        ?? throw new InvalidOperationException($"{enumType.Name}.{op} has no CPU functor {op}Kernel in Ops/Elementwise.");

    private static TDelegate Runner<TDelegate>(string method, Type functor) where TDelegate : Delegate =>
        typeof(CpuBackend).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(functor).CreateDelegate<TDelegate>();

    /// <summary>Makes a functor from the op's scalar argument: its (float) constructor when it has one, else default.</summary>
    private static class FunctorOf<TOp> where TOp : struct
    {
        public static readonly Func<float, TOp> Create = Build();

        private static Func<float, TOp> Build()
        {
            var alpha = Expression.Parameter(typeof(float), "alpha");
            var ctor = typeof(TOp).GetConstructor([typeof(float)]);
            Expression body = ctor is null ? Expression.Default(typeof(TOp)) : Expression.New(ctor, alpha);
            return Expression.Lambda<Func<float, TOp>>(body, alpha).Compile();
        }
    }
}
