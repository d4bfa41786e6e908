using System.CommandLine;
using System.Text.Json;
using KdGan.Runner.Cli;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan bench OP [options]</c>: runs one kernel quickly (outside BenchmarkDotNet) and prints one JSON
/// line, so scripts can compare runs. Throughput: GFLOP/s for gemm, GB/s (bytes read + written) for the rest.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] Ops = ["gemm", "add", "exp", "sum", "softmax", "mlp-step", "lenet-step", "resnet-step", "tag-teacher-step"];

    public static Command Build(TextWriter o)
    {
        var cmd = new Command("bench", "Run one kernel quickly (outside BenchmarkDotNet) and print one JSON line, e.g. " +
                                       "{\"op\":\"gemm\",\"size\":1024,\"threads\":1,\"ms\":21.3,\"gflops\":100.8,...}. Throughput: " +
                                       "GFLOP/s for gemm (2 N^3 / time), GB/s (bytes read + written) for add, exp, sum and softmax(x / 2), ms for " +
                                       "one Adam step of the 784-800-800-10 MLP (mlp-step), the LeNet teacher (lenet-step), the CIFAR-10 ResNet-20 teacher (resnet-step, batch 128 " +
                                       "unless --batch) or the MNIST-Tags LSTM teacher (tag-teacher-step).");
        var op = new Argument<string>("op") { Description = $"the kernel: {string.Join(", ", Ops)}" };
        var size = IntOption.Create("--size", "N", "gemm: N x N matrices; add, exp, sum: N floats (default 2^24 for those)", 1024, 1, int.MaxValue);
        var threads = IntOption.Create("--threads", "T", "CPU threads", Environment.ProcessorCount, 1, 1024);
        var reps = IntOption.Create("--reps", "R", "repetitions (0 = as many as fit in about a second)", 0, 0, 100_000);
        var rows = IntOption.Create("--rows", "R", "softmax rows", 256, 1, 1 << 24);
        var cols = IntOption.Create("--cols", "C", "softmax columns", 2000, 1, 1 << 24);
        var batch = IntOption.Create("--batch", "B", "mlp-step, lenet-step, resnet-step, tag-teacher-step: batch size (resnet-step: 128 unless given)", 64, 1, 1 << 16);
        var simd = new Option<string>("--simd") { HelpName = "LEVEL", Description = $"force a SIMD path: scalar, vector128, vector256 or vector512 [default: {CpuSimd.Hardware.ToString().ToLowerInvariant()}]" };
        cmd.Arguments.Add(op);
        foreach (var option in new Option[] { size, threads, reps, rows, cols, batch, simd }) cmd.Options.Add(option);
        cmd.SetAction(parsed =>
        {
            string name = parsed.GetValue(op)!.ToLowerInvariant();
            if (!Ops.Contains(name)) throw new UsageException($"bench: unknown kernel '{Cli.ConfigOptions.Cut(name)}' (known: {string.Join(", ", Ops)}).");
            var level = ParseSimd(parsed.GetValue(simd) ?? CpuSimd.Hardware.ToString());
            // An option with a default has an implicit result when not typed: "given" means typed.
            int n = parsed.GetResult(size) is not { Implicit: false } && name is "add" or "exp" or "sum" ? 1 << 24 : parsed.GetValue(size);
            if (name == "gemm" && n > 16384) throw new UsageException($"bench: --size must be between 1 and 16384 for gemm, got {n}.");
            int b = parsed.GetResult(batch) is not { Implicit: false } && name == "resnet-step" ? 128 : parsed.GetValue(batch);
            return Run(name, n, parsed.GetValue(threads), parsed.GetValue(reps), parsed.GetValue(rows), parsed.GetValue(cols), b, level, o);
        });
        return cmd;
    }

    private static int Run(string op, int size, int threads, int reps, int rows, int cols, int batch, SimdLevel level, TextWriter o)
    {
        int saved = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            using var forced = CpuSimd.Force(level);
            var result = op switch
            {
                "gemm" => Gemm(size, reps),
                "add" or "exp" or "sum" => Streaming(op, size, reps),
                "mlp-step" or "lenet-step" or "resnet-step" => TrainStepBench.Run(op, batch, reps),
                "tag-teacher-step" => TrainStepBench.TagTeacherStep(batch, reps),
                _ => Softmax(rows, cols, reps),
            };
            result["threads"] = threads;
            result["simd"] = level.ToString();
            o.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        finally { CpuThreads.Count = saved; }
    }

    private static SimdLevel ParseSimd(string s) => s.ToLowerInvariant() switch
    {
        "scalar" => SimdLevel.Scalar,
        "vector128" => SimdLevel.Vector128,
        "vector256" => SimdLevel.Vector256,
        "vector512" => SimdLevel.Vector512,
        _ => throw new UsageException($"bench: --simd expects scalar, vector128, vector256 or vector512, got '{s}'."),
    };

    private static Dictionary<string, object> Gemm(int n, int reps)
    {
        using var a = Tensor.Rand([n, n], seed: 1);
        using var b = Tensor.Rand([n, n], seed: 2);
        var (ms, r) = Timing.Median(() => Tensor.MatMul(a, b).Dispose(), reps);
        return new()
        {
            ["op"] = "gemm", ["size"] = n, ["ms"] = Math.Round(ms, 4), ["reps"] = r,
            ["gflops"] = Math.Round(2.0 * n * n * n / (ms * 1e6), 2)
        };
    }

    private static Dictionary<string, object> Streaming(string op, int n, int reps)
    {
        using var a = Tensor.Rand([n], seed: 1);
        using var b = Tensor.Rand([n], seed: 2);
        (Action work, long bytes) = op switch
        {
            "add" => ((Action)(() => (a + b).Dispose()), 12L * n),
            "exp" => (() => a.Exp().Dispose(), 8L * n),
            _ => (() => a.Sum().Dispose(), 4L * n),
        };
        var (ms, r) = Timing.Median(work, reps);
        return new()
        {
            ["op"] = op, ["size"] = n, ["ms"] = Math.Round(ms, 4), ["reps"] = r,
            ["gbps"] = Math.Round(bytes / (ms * 1e6), 2)
        };
    }

    private static Dictionary<string, object> Softmax(int rows, int cols, int reps)
    {
        using var x = Tensor.Randn([rows, cols], seed: 1);
        var (ms, r) = Timing.Median(() => x.Softmax(2f).Dispose(), reps);
        return new()
        {
            ["op"] = "softmax", ["rows"] = rows, ["cols"] = cols, ["ms"] = Math.Round(ms, 4), ["reps"] = r,
            ["gbps"] = Math.Round(8.0 * rows * cols / (ms * 1e6), 2)
        };
    }
}
