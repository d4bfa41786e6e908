using BenchmarkDotNet.Attributes;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Rng;

namespace KdGan.Benchmarks;

/// <summary>
/// One LSTM layer (KdGan.Models.Nn.Lstm: fused cell, batch-first) on the PERFORMANCE.md shape: batch 32, 20 steps,
/// input 300, hidden 256, with <c>CpuThreads.Count = Threads</c>. <c>Forward</c> is inference (NoGrad);
/// <c>ForwardBackward</c> records the graph and backpropagates a fixed output gradient [B, T, H] through time
/// into the four parameters and the input (x requires a gradient, as an embedding output would).
/// GFLOP/s counts the GEMMs only: forward 2·B·T·4H·(I + H), backward twice that.
/// </summary>
public class LstmBenchmarks : IThroughputWorkload
{
    public const int Batch = 32, Steps = 20, Input = 300, Hidden = 256;

    [Params(1, 2)]
    public int Threads { get; set; }

    private int _savedThreads;
    private Lstm _lstm = null!;
    private Variable _x = null!;
    private Tensor _dy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _savedThreads = CpuThreads.Count;
        CpuThreads.Count = Threads;
        _lstm = new Lstm(Input, Hidden, new Generator(1));
        _x = new Variable(Tensor.Randn([Batch, Steps, Input], seed: 2), requiresGrad: true);
        _dy = Tensor.Randn([Batch, Steps, Hidden], seed: 3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        CpuThreads.Count = _savedThreads;
        _lstm.Dispose();
        _x.Dispose();
        _dy.Dispose();
    }

    [Benchmark]
    public void Forward()
    {
        using var noGrad = GradMode.NoGrad();
        using var r = _lstm.Forward(_x);
    }

    [Benchmark]
    public void ForwardBackward()
    {
        _lstm.ZeroGrad();
        _x.ZeroGrad();
        using var r = _lstm.Forward(_x);
        r.Output.Backward(_dy);
    }

    private static double ForwardFlops => 2.0 * Batch * Steps * 4 * Hidden * (Input + Hidden);

    public double Flops(string method) => method == nameof(Forward) ? ForwardFlops : 3 * ForwardFlops;

    public double Bytes(string method) => 0; // compute-bound: reported in GFLOP/s only
}
