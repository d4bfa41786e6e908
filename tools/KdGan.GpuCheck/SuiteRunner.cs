using System.Diagnostics;
using System.Reflection;
using KdGan.Tensors;
using KdGan.Tensors.Tests.Ops;

namespace KdGan.GpuCheck;

/// <summary>
/// Runs the suites compiled in here for one backend without a test host. The op suite (tests/KdGan.Tensors.Tests/Ops):
/// every concrete class of that backend (Cpu_*, IlgpuCpu_*, Cuda_*) and its [BackendFact] methods. The autograd and
/// Models suites: every concrete subclass whose Target is the device under test, its [Fact] methods and each
/// [InlineData] row of its [Theory] methods. A test passes when it returns and fails when it throws (xunit's Assert
/// throws); skipped facts are reported as such.
/// </summary>
internal static class SuiteRunner
{
    public static (int Passed, int Failed) Run(BackendKind kind, TextWriter o)
    {
        var assembly = typeof(SuiteRunner).Assembly;
        var opClasses = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(OpTestBase).IsAssignableFrom(t) && t.Name.StartsWith(kind + "_", StringComparison.Ordinal))
            .OrderBy(t => t.Name);
        var device = TestDevices.Get(kind);
        var deviceClasses = assembly.GetTypes()
            .Where(t => !t.IsAbstract && !typeof(OpTestBase).IsAssignableFrom(t) && TargetOf(t) is { } d && d.Equals(device))
            .OrderBy(t => t.FullName);
        int passed = 0, failed = 0;
        void Count(bool ok) { if (ok) passed++; else failed++; }
        foreach (var type in opClasses)
            foreach (var m in Methods<BackendFactAttribute>(type))
                Count(RunOne(type, m, null, o));
        foreach (var type in deviceClasses)
        {
            foreach (var m in Methods<FactAttribute>(type).Where(m => m.GetCustomAttribute<TheoryAttribute>() is null))
                if (m.GetCustomAttribute<FactAttribute>()!.Skip is { } skip) o.WriteLine($"  SKIP {type.Name}.{m.Name}: {skip}");
                else Count(RunOne(type, m, null, o));
            foreach (var m in Methods<TheoryAttribute>(type))
                foreach (var row in m.GetCustomAttributes<InlineDataAttribute>().SelectMany(a => a.GetData(m)))
                    Count(RunOne(type, m, row, o));
        }
        return (passed, failed);
    }

    /// <summary>
    /// The device a suite subclass runs on: its protected Target property; null for other classes and for a device
    /// this machine cannot open (the CUDA subclasses without a GPU), which is then not the device under test.
    /// </summary>
    private static Device? TargetOf(Type t)
    {
        var target = t.GetProperty("Target", BindingFlags.NonPublic | BindingFlags.Instance);
        if (target?.PropertyType != typeof(Device) || t.GetConstructor(Type.EmptyTypes) is null) return null;
        try { return (Device?)target.GetValue(Activator.CreateInstance(t)); }
        catch (TargetInvocationException) { return null; }
    }

    private static IEnumerable<MethodInfo> Methods<TAttribute>(Type type) where TAttribute : Attribute =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<TAttribute>() is not null).OrderBy(m => m.Name);

    private static bool RunOne(Type type, MethodInfo m, object?[]? args, TextWriter o)
    {
        string name = args is null ? $"{type.Name}.{m.Name}" : $"{type.Name}.{m.Name}({string.Join(", ", args)})";
        var sw = Stopwatch.StartNew();
        var instance = Activator.CreateInstance(type);
        try
        {
            m.Invoke(instance, args);
            o.WriteLine($"  PASS {name} ({sw.ElapsedMilliseconds} ms)");
            return true;
        }
        catch (TargetInvocationException e)
        {
            var inner = e.InnerException ?? e;
            o.WriteLine($"  FAIL {name} ({sw.ElapsedMilliseconds} ms): {inner.GetType().Name}: {inner.Message}");
            return false;
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }
}
