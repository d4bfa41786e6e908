using System.Diagnostics;
using System.Reflection;
using KdGan.Tensors.Tests.Ops;

namespace KdGan.GpuCheck;

/// <summary>
/// Runs the op suite of tests/KdGan.Tensors.Tests/Ops for one backend without a test host: every concrete test
/// class of that backend (Cpu_*, IlgpuCpu_*, Cuda_*), every [BackendFact] method, in order. A test passes when
/// it returns and fails when it throws (xunit's Assert throws).
/// </summary>
internal static class SuiteRunner
{
    public static (int Passed, int Failed) Run(BackendKind kind, TextWriter o)
    {
        string prefix = kind + "_";
        var classes = typeof(OpTestBase).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(OpTestBase).IsAssignableFrom(t) && t.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(t => t.Name).ToList();
        int passed = 0, failed = 0;
        foreach (var type in classes)
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.GetCustomAttribute<BackendFactAttribute>() is not null).OrderBy(m => m.Name);
            foreach (var m in methods)
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    m.Invoke(Activator.CreateInstance(type), null);
                    passed++;
                    o.WriteLine($"  PASS {type.Name}.{m.Name} ({sw.ElapsedMilliseconds} ms)");
                }
                catch (TargetInvocationException e)
                {
                    failed++;
                    var inner = e.InnerException ?? e;
                    o.WriteLine($"  FAIL {type.Name}.{m.Name} ({sw.ElapsedMilliseconds} ms): {inner.GetType().Name}: {inner.Message}");
                }
            }
        }
        return (passed, failed);
    }
}
