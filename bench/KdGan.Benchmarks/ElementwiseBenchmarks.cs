using BenchmarkDotNet.Attributes;
using KdGan.Tensors;

namespace KdGan.Benchmarks;

/// <summary>
/// Memory-bound elementwise ops through the public Tensor API (CpuThreads.Count threads, every core by
/// default). Each call allocates its result tensor and disposes it inside the measured method, so the time
/// includes the result's allocation (and, for large results, first-touch page faults).
/// GB/s counts the minimal traffic: every input element read once, every output element written once.
/// </summary>
public class ElementwiseBenchmarks : IThroughputWorkload
{
    /// <summary>Row length of the broadcast case: x[Size/Cols, Cols] + row[Cols].</summary>
    public const int Cols = 1024;

    [Params(1 << 20, 1 << 24)]
    public int Size { get; set; }

    private Tensor _a = null!, _b = null!, _x2d = null!, _row = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = Tensor.Rand([Size], seed: 1);
        _b = Tensor.Rand([Size], seed: 2);
        _x2d = _a.Reshape(Size / Cols, Cols);
        _row = Tensor.Rand([Cols], seed: 3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x2d.Dispose();
        _row.Dispose();
        _a.Dispose();
        _b.Dispose();
    }

    [Benchmark]
    public void Add()
    {
        using var r = _a + _b;
    }

    [Benchmark]
    public void AddBroadcastRow()
    {
        using var r = _x2d + _row;
    }

    [Benchmark]
    public void Exp()
    {
        using var r = _a.Exp();
    }

    public double Flops(string method) => 0;

    public double Bytes(string method) => method switch
    {
        nameof(Add) => 3.0 * Size * sizeof(float),
        nameof(AddBroadcastRow) => (2.0 * Size + Cols) * sizeof(float),
        nameof(Exp) => 2.0 * Size * sizeof(float),
        _ => 0,
    };
}
