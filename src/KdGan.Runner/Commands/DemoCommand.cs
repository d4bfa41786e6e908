using System.CommandLine;
using KdGan.Runner.Cli;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan demo</c>: the engine's self-check and speed, until the KDGAN trainer lands. Checks the fast
/// kernels against the reference loops at every SIMD level, then times the GEMM on 1 and all threads.
/// Exit code 1 if a check fails.
/// </summary>
public static class DemoCommand
{
    public static Command Build(TextWriter o)
    {
        var cmd = new Command("demo", "Check the CPU kernels against the reference loops at every SIMD level, then time the GEMM on 1 and all threads.");
        var size = IntOption.Create("--size", "N", "GEMM size", 1024, 16, 8192);
        cmd.Options.Add(size);
        cmd.SetAction(parsed => Run(parsed.GetValue(size), o));
        return cmd;
    }

    public static int Run(int size, TextWriter o)
    {
        o.WriteLine("KdGan engine demo: checks the CPU kernels against the reference loops, then times the GEMM.");
        o.WriteLine($"cpu: {MachineInfo.CpuModel}, {Environment.ProcessorCount} cores, SIMD {MachineInfo.Simd}");
        bool ok = true;
        foreach (var level in Enum.GetValues<SimdLevel>().Where(l => l <= CpuSimd.Hardware))
        {
            using var forced = CpuSimd.Force(level);
            ok &= Check(o, $"GEMM 67x45x93       [{level}]", () =>
            {
                using var a = Tensor.Randn([67, 93], seed: 1);
                using var b = Tensor.Randn([93, 45], seed: 2);
                using var c = Tensor.MatMul(a, b);
                return MaxDiff(ReferenceOps.MatMul(a, b, out _), c.ToArray());
            }, 1e-4f);
            ok &= Check(o, $"softmax(x/2) 33x129 [{level}]", () =>
            {
                using var x = Tensor.Randn([33, 129], seed: 3);
                using var p = x.Softmax(2f);
                return MaxDiff(ReferenceOps.Softmax(x, 2f, false), p.ToArray());
            }, 1e-6f);
            ok &= Check(o, $"sum over axis 0     [{level}]", () =>
            {
                using var x = Tensor.Randn([37, 71], seed: 4);
                using var s = x.Sum(0);
                return MaxDiff(ReferenceOps.Reduce(Tensors.Backends.ReduceOp.Sum, x, [0]), s.ToArray());
            }, 1e-4f);
        }

        int saved = CpuThreads.Count;
        try
        {
            using var a = Tensor.Rand([size, size], seed: 5);
            using var b = Tensor.Rand([size, size], seed: 6);
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                CpuThreads.Count = threads;
                var (ms, reps) = Timing.Median(() => Tensor.MatMul(a, b).Dispose());
                o.WriteLine($"speed: GEMM {size}x{size}x{size} on {threads} thread(s): {2.0 * size * size * size / (ms * 1e6),7:F1} GFLOP/s ({ms:F2} ms, median of {reps})");
            }
        }
        finally { CpuThreads.Count = saved; }
        o.WriteLine(ok ? "all checks passed" : "SOME CHECKS FAILED");
        return ok ? 0 : 1;
    }

    private static float MaxDiff(float[] expected, float[] actual) =>
        expected.Zip(actual, (e, a) => MathF.Abs(e - a)).DefaultIfEmpty(0).Max();

    private static bool Check(TextWriter o, string name, Func<float> maxDiff, float tolerance)
    {
        float d = maxDiff();
        bool ok = d <= tolerance;
        o.WriteLine($"check: {name} max |fast - reference| = {d:E1} {(ok ? "ok" : $"FAILED (tolerance {tolerance:E0})")}");
        return ok;
    }
}
