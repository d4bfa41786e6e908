using BenchmarkDotNet.Attributes;
using KdGan.Tensors;

namespace KdGan.Benchmarks;

/// <summary>
/// Sum reductions of a [Rows x Cols] matrix through the public Tensor API (result allocated and disposed
/// inside the measured method). GB/s counts the input read once plus the output written once.
/// </summary>
public class ReductionBenchmarks : IThroughputWorkload
{
    public const int Rows = 4096, Cols = 1024;

    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup() => _x = Tensor.Rand([Rows, Cols], seed: 1);

    [GlobalCleanup]
    public void Cleanup() => _x.Dispose();

    [Benchmark]
    public void SumAll()
    {
        using var r = _x.Sum();
    }

    [Benchmark]
    public void SumAxis0()
    {
        using var r = _x.Sum(0);
    }

    [Benchmark]
    public void SumAxis1()
    {
        using var r = _x.Sum(1);
    }

    public double Flops(string method) => 0;

    public double Bytes(string method) => sizeof(float) * ((double)Rows * Cols + method switch
    {
        nameof(SumAll) => 1,
        nameof(SumAxis0) => Cols,
        nameof(SumAxis1) => Rows,
        _ => 0,
    });
}
