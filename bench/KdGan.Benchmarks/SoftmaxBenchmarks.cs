using BenchmarkDotNet.Attributes;
using KdGan.Tensors;

namespace KdGan.Benchmarks;

/// <summary>
/// softmax(x / T) over the last axis through the public Tensor API (result allocated and disposed inside
/// the measured method). GB/s counts the minimal traffic: x read once, the result written once (the kernel
/// makes more passes over each row, which stay in cache for these row lengths).
/// </summary>
public class SoftmaxBenchmarks : IThroughputWorkload
{
    public const float Temperature = 2f;

    [Params("256x2000", "4096x10")]
    public string Shape { get; set; } = "256x2000";

    private Tensor _x = null!;

    private (int Rows, int Cols) Dims
    {
        get
        {
            var parts = Shape.Split('x');
            return (int.Parse(parts[0]), int.Parse(parts[1]));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var (rows, cols) = Dims;
        _x = Tensor.Randn([rows, cols], seed: 1);
    }

    [GlobalCleanup]
    public void Cleanup() => _x.Dispose();

    [Benchmark]
    public void Softmax()
    {
        using var r = _x.Softmax(Temperature);
    }

    public double Flops(string method) => 0;

    public double Bytes(string method)
    {
        var (rows, cols) = Dims;
        return 2.0 * rows * cols * sizeof(float);
    }
}
