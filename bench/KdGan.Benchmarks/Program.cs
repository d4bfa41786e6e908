using BenchmarkDotNet.Running;
using KdGan.Benchmarks;
using KdGan.Tensors.Backends.Cpu;

// Usage (from the repository root):
//   dotnet run -c Release --project bench/KdGan.Benchmarks -- peak                 fp32 FMA peak only
//   dotnet run -c Release --project bench/KdGan.Benchmarks -- --filter '*Gemm*'    one suite (peak measured first)
//   dotnet run -c Release --project bench/KdGan.Benchmarks -- --filter '*'         every suite
// Add --no-peak to skip the peak measurement before the BenchmarkDotNet suites.
// Any other argument is BenchmarkDotNet's (--list flat, --filter, --job, ...).

Console.WriteLine($"// KdGan benchmarks: SIMD path {CpuSimd.Describe(CpuSimd.Current)}, CpuThreads.Count = {CpuThreads.Count}, " +
                  $"{Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

if (args.Length == 1 && args[0] == "peak")
{
    PeakFlops.Run(Console.Out);
    return;
}

bool listing = args.Any(a => a.StartsWith("--list", StringComparison.Ordinal) || a is "--help" or "-h" or "--version");
bool noPeak = args.Contains("--no-peak");
var rest = args.Where(a => a != "--no-peak").ToArray();
if (!listing && !noPeak && rest.Length > 0) PeakFlops.Run(Console.Out);

BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(rest, BenchConfig.Create());
