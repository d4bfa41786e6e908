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
    public const string Usage = """
        usage: kdgan bench OP [--threads T] [--reps R] [--simd scalar|vector128|vector256]
          gemm     --size N            C = A B with N x N matrices (GFLOP/s = 2 N^3 / time)
          add      --size N            c = a + b over N floats (GB/s)
          exp      --size N            y = exp(x) over N floats (GB/s)
          sum      --size N            sum of N floats (GB/s)
          softmax  --rows R --cols C   softmax(x / 2) over rows (GB/s)
          mlp-step   [--batch B]       one Adam training step of the 784-800-800-10 MLP (ms)
          lenet-step [--batch B]       one Adam training step of the LeNet teacher (ms)
        Prints e.g. {"op":"gemm","size":1024,"threads":1,"ms":21.3,"gflops":100.8,...}
        """;

    private static readonly string[] Known = ["size", "threads", "reps", "rows", "cols", "simd", "batch"];

    public static int Run(IReadOnlyList<string> args, TextWriter o)
    {
        if (args.Count == 0) throw new UsageException("bench: name the kernel to run (gemm, add, exp, sum, softmax, mlp-step, lenet-step).");
        string op = args[0];
        var opts = new CliOptions($"bench {op}", args.Skip(1).ToList(), Known);
        int threads = opts.GetInt("threads", Environment.ProcessorCount, 1, 1024);
        int reps = opts.GetInt("reps", 0, 0, 100_000);
        var level = ParseSimd(opts.GetString("simd", CpuSimd.Hardware.ToString()));
        int saved = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            using var forced = CpuSimd.Force(level);
            var result = op switch
            {
                "gemm" => Gemm(opts.GetInt("size", 1024, 1, 16384), reps),
                "add" or "exp" or "sum" => Streaming(op, opts.GetInt("size", 1 << 24, 1, int.MaxValue), reps),
                "mlp-step" or "lenet-step" => TrainStepBench.Run(op, opts.GetInt("batch", 64, 1, 1 << 16), reps),
                "softmax" => Softmax(opts.GetInt("rows", 256, 1, 1 << 24), opts.GetInt("cols", 2000, 1, 1 << 24), reps),
                _ => throw new UsageException($"bench: unknown kernel '{op}' (known: gemm, add, exp, sum, softmax, mlp-step, lenet-step)."),
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
        _ => throw new UsageException($"bench: --simd expects scalar, vector128 or vector256, got '{s}'."),
    };

    private static Dictionary<string, object> Gemm(int n, int reps)
    {
        using var a = Tensor.Rand([n, n], seed: 1);
        using var b = Tensor.Rand([n, n], seed: 2);
        var (ms, r) = Timing.Median(() => Tensor.MatMul(a, b).Dispose(), reps);
        return new() { ["op"] = "gemm", ["size"] = n, ["ms"] = Math.Round(ms, 4), ["reps"] = r,
                       ["gflops"] = Math.Round(2.0 * n * n * n / (ms * 1e6), 2) };
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
        return new() { ["op"] = op, ["size"] = n, ["ms"] = Math.Round(ms, 4), ["reps"] = r,
                       ["gbps"] = Math.Round(bytes / (ms * 1e6), 2) };
    }

    private static Dictionary<string, object> Softmax(int rows, int cols, int reps)
    {
        using var x = Tensor.Randn([rows, cols], seed: 1);
        var (ms, r) = Timing.Median(() => x.Softmax(2f).Dispose(), reps);
        return new() { ["op"] = "softmax", ["rows"] = rows, ["cols"] = cols, ["ms"] = Math.Round(ms, 4), ["reps"] = r,
                       ["gbps"] = Math.Round(8.0 * rows * cols / (ms * 1e6), 2) };
    }
}
