using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// The kernel registry of one accelerator: each kernel of <see cref="KernelTable"/> is compiled and loaded the first time
/// it is launched and kept for the accelerator's lifetime, never per call; later lookups are a dictionary read under a
/// lock. <see cref="Auto{T1}"/> launches an implicitly grouped kernel over n threads and <see cref="Grouped{T1}"/> an
/// explicitly grouped one with its <see cref="KernelConfig"/>; the argument types are inferred at the call and checked
/// against the kernel's signature. <see cref="CompileTime"/> adds up the compile time, so benchmarks can report it apart.
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

    /// <summary>Compiles and loads every kernel of the table now (warm-up; returns the time it took).</summary>
    public TimeSpan LoadAll()
    {
        var before = CompileTime;
        foreach (var k in KernelTable.All) Launcher(k);
        return CompileTime - before;
    }

    /// <summary>The launcher of <paramref name="k"/>: Action&lt;Index1D, args&gt; (implicitly grouped) or Action&lt;KernelConfig, args&gt;.</summary>
    public Delegate Launcher(KernelEntry k)
    {
        lock (_lock)
        {
            if (_loaded.TryGetValue(k.Name, out var d)) return d;
            var sw = Stopwatch.StartNew();
            var types = k.Method.GetParameters().Select(p => p.ParameterType).ToArray();
            var kernel = k.Method.CreateDelegate(Expression.GetActionType(types));
            var loader = (k.ExplicitlyGrouped ? s_grouped : s_auto)[types.Length].MakeGenericMethod(types);
            var launcher = (Delegate)loader.Invoke(null, [accelerator, kernel])!;
            Interlocked.Add(ref _compileTicks, sw.Elapsed.Ticks);
            return _loaded[k.Name] = launcher;
        }
    }

    private TDelegate As<TDelegate>(KernelEntry k) where TDelegate : Delegate =>
        Launcher(k) as TDelegate ?? throw new ArgumentException($"kernel {k.Name} ({k.Method.DeclaringType?.Name}.{k.Method.Name}) " +
            $"launched as {Describe(typeof(TDelegate))}, but its launcher is {Describe(Launcher(k).GetType())}.");

    private static string Describe(Type t) => $"({string.Join(", ", t.GetGenericArguments().Select(a => a.Name))})";

    // ILGPU's typed loaders by generic arity: LoadAutoGroupedStreamKernel<TIndex, T1..>(Action<TIndex, T1..>) -> the same
    // Action, and LoadStreamKernel<T1..>(Action<T1..>) -> Action<KernelConfig, T1..>, both on the default stream.
    private static readonly Dictionary<int, MethodInfo> s_auto = Loaders("LoadAutoGroupedStreamKernel");
    private static readonly Dictionary<int, MethodInfo> s_grouped = Loaders("LoadStreamKernel");

    private static Dictionary<int, MethodInfo> Loaders(string name) => typeof(Accelerator).Assembly.GetTypes()
        .Where(t => t.IsAbstract && t.IsSealed) // static classes: the extension methods
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters() is [var acc, var action]
                    && acc.ParameterType == typeof(Accelerator) && action.ParameterType.IsGenericType
                    && action.ParameterType.GetGenericTypeDefinition() == Expression.GetActionType(m.GetGenericArguments()).GetGenericTypeDefinition())
        .ToDictionary(m => m.GetGenericArguments().Length);

    // Launches, by argument count: n threads (Auto) or a grid and group configuration (Grouped), then the kernel's arguments.
    public void Auto<T1>(KernelEntry k, Index1D n, T1 a1)
        where T1 : struct =>
        As<Action<Index1D, T1>>(k)(n, a1);
    public void Auto<T1, T2>(KernelEntry k, Index1D n, T1 a1, T2 a2)
        where T1 : struct where T2 : struct =>
        As<Action<Index1D, T1, T2>>(k)(n, a1, a2);
    public void Auto<T1, T2, T3>(KernelEntry k, Index1D n, T1 a1, T2 a2, T3 a3)
        where T1 : struct where T2 : struct where T3 : struct =>
        As<Action<Index1D, T1, T2, T3>>(k)(n, a1, a2, a3);
    public void Auto<T1, T2, T3, T4>(KernelEntry k, Index1D n, T1 a1, T2 a2, T3 a3, T4 a4)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct =>
        As<Action<Index1D, T1, T2, T3, T4>>(k)(n, a1, a2, a3, a4);
    public void Auto<T1, T2, T3, T4, T5>(KernelEntry k, Index1D n, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct =>
        As<Action<Index1D, T1, T2, T3, T4, T5>>(k)(n, a1, a2, a3, a4, a5);
    public void Auto<T1, T2, T3, T4, T5, T6>(KernelEntry k, Index1D n, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct =>
        As<Action<Index1D, T1, T2, T3, T4, T5, T6>>(k)(n, a1, a2, a3, a4, a5, a6);
    public void Auto<T1, T2, T3, T4, T5, T6, T7>(KernelEntry k, Index1D n, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct =>
        As<Action<Index1D, T1, T2, T3, T4, T5, T6, T7>>(k)(n, a1, a2, a3, a4, a5, a6, a7);
    public void Auto<T1, T2, T3, T4, T5, T6, T7, T8>(KernelEntry k, Index1D n, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct =>
        As<Action<Index1D, T1, T2, T3, T4, T5, T6, T7, T8>>(k)(n, a1, a2, a3, a4, a5, a6, a7, a8);

    public void Grouped<T1, T2, T3>(KernelEntry k, KernelConfig c, T1 a1, T2 a2, T3 a3)
        where T1 : struct where T2 : struct where T3 : struct =>
        As<Action<KernelConfig, T1, T2, T3>>(k)(c, a1, a2, a3);
    public void Grouped<T1, T2, T3, T4>(KernelEntry k, KernelConfig c, T1 a1, T2 a2, T3 a3, T4 a4)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct =>
        As<Action<KernelConfig, T1, T2, T3, T4>>(k)(c, a1, a2, a3, a4);
    public void Grouped<T1, T2, T3, T4, T5>(KernelEntry k, KernelConfig c, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct =>
        As<Action<KernelConfig, T1, T2, T3, T4, T5>>(k)(c, a1, a2, a3, a4, a5);
    public void Grouped<T1, T2, T3, T4, T5, T6, T7>(KernelEntry k, KernelConfig c, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct =>
        As<Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7>>(k)(c, a1, a2, a3, a4, a5, a6, a7);
    public void Grouped<T1, T2, T3, T4, T5, T6, T7, T8>(KernelEntry k, KernelConfig c, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct =>
        As<Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8>>(k)(c, a1, a2, a3, a4, a5, a6, a7, a8);
    public void Grouped<T1, T2, T3, T4, T5, T6, T7, T8, T9>(KernelEntry k, KernelConfig c, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct where T8 : struct where T9 : struct =>
        As<Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9>>(k)(c, a1, a2, a3, a4, a5, a6, a7, a8, a9);
}
