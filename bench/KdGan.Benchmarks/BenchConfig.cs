using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace KdGan.Benchmarks;

/// <summary>
/// The short job every suite runs under: one launch, in process (no per-benchmark project build),
/// 3 warmup and 6 measured iterations, plus the throughput columns and allocation counts.
/// </summary>
public static class BenchConfig
{
    public const int Warmups = 3;
    public const int Iterations = 6;

    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(Warmups)
                .WithIterationCount(Iterations)
                .WithId("Short"))
            .AddColumn(ThroughputColumn.GFlopsPerSecond, ThroughputColumn.GBytesPerSecond, ThroughputColumn.FractionOfPeak)
            .AddColumn(StatisticColumn.Min)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableLogFile);
}
