using BenchmarkDotNet.Attributes;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Gpu;

namespace KdGan.Benchmarks;

// GPU suites (CUDA only; filtered out with a reason without a GPU). Every measured call ends with a
// Synchronize, so the time is the GPU's, not the launch's. Compile time is reported once per suite in setup
// (kernels compile on first use); copies (host -> device, device -> host) are their own benchmarks, apart from
// compute. Run: dotnet run -c Release --project bench/KdGan.Benchmarks -- --filter '*Gpu*' --no-peak
// (or, on a machine without the SDK, the bundle's `gpu-check bench`, see docs/gpu.md).

/// <summary>SGEMM C = A * B, square, row-major, on the GPU through the public MatMul.</summary>
[GpuBench]
public class GpuGemmBenchmarks : IThroughputWorkload
{
    [Params(1024, 2048, 4096)]
    public int N { get; set; }

    private Tensor _a = null!, _b = null!;
    private float[] _host = [];
    private GpuBackend _gpu = null!;

    [GlobalSetup]
    public void Setup()
    {
        _gpu = GpuBenchConfig.Backend!;
        _a = Tensor.Randn([N, N], seed: 1, device: _gpu.Device);
        _b = Tensor.Randn([N, N], seed: 2, device: _gpu.Device);
        _host = new float[(long)N * N];
        var before = _gpu.Kernels.CompileTime;
        using (Tensor.MatMul(_a, _b)) _gpu.Synchronize();
        Console.WriteLine($"// GEMM kernel compile + first launch: {(_gpu.Kernels.CompileTime - before).TotalMilliseconds:F0} ms compile");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Benchmark]
    public void Compute()
    {
        using var c = Tensor.MatMul(_a, _b);
        _gpu.Synchronize();
    }

    [Benchmark]
    public void CopyIn()
    {
        using var t = Tensor.FromArray(_host, [N, N], _gpu.Device);
    }

    [Benchmark]
    public void CopyOut() => _gpu.Download(_a, _host);

    public double Flops(string method) => method == nameof(Compute) ? 2.0 * N * N * N : 0;
    public double Bytes(string method) => method == nameof(Compute) ? 0 : 4.0 * N * N;
}

/// <summary>Memory-bound kernels on the GPU: a broadcast-free add and an exp over 2^24 floats (64 MiB each).</summary>
[GpuBench]
public class GpuElementwiseBenchmarks : IThroughputWorkload
{
    public const int Count = 1 << 24;
    private Tensor _a = null!, _b = null!;
    private GpuBackend _gpu = null!;

    [GlobalSetup]
    public void Setup()
    {
        _gpu = GpuBenchConfig.Backend!;
        _a = Tensor.Randn([Count], seed: 1, device: _gpu.Device);
        _b = Tensor.Randn([Count], seed: 2, device: _gpu.Device);
        using (var w = _a + _b) using (var e = _a.Exp()) _gpu.Synchronize();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Benchmark]
    public void Add()
    {
        using var c = _a + _b;
        _gpu.Synchronize();
    }

    [Benchmark]
    public void Exp()
    {
        using var c = _a.Exp();
        _gpu.Synchronize();
    }

    public double Flops(string method) => 0;
    public double Bytes(string method) => (method == nameof(Add) ? 3.0 : 2.0) * Count * sizeof(float);
}

/// <summary>softmax(x / T) over rows on the GPU: the 256 x 2000 case of the CPU suite and a large 8192 x 4096.</summary>
[GpuBench]
public class GpuSoftmaxBenchmarks : IThroughputWorkload
{
    [Params("256x2000", "8192x4096")]
    public string Shape { get; set; } = "256x2000";

    private Tensor _x = null!;
    private GpuBackend _gpu = null!;

    private (int Rows, int Cols) Dims => (int.Parse(Shape.Split('x')[0]), int.Parse(Shape.Split('x')[1]));

    [GlobalSetup]
    public void Setup()
    {
        _gpu = GpuBenchConfig.Backend!;
        var (rows, cols) = Dims;
        _x = Tensor.Randn([rows, cols], seed: 1, device: _gpu.Device);
        using (_x.Softmax(2f)) _gpu.Synchronize();
    }

    [GlobalCleanup]
    public void Cleanup() => _x.Dispose();

    [Benchmark]
    public void Softmax()
    {
        using var y = _x.Softmax(2f);
        _gpu.Synchronize();
    }

    public double Flops(string method) => 0;
    public double Bytes(string method) => 2.0 * Dims.Rows * Dims.Cols * sizeof(float);
}
