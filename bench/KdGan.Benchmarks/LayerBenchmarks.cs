using BenchmarkDotNet.Attributes;
using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Benchmarks;

/// <summary>
/// The LeNet convolutions of the KDGAN teacher/discriminator through the autograd layer (im2col + our GEMM;
/// backward: weight gradient by GEMM, input gradient by GEMM + col2im), batch 64, as PERFORMANCE.md measures
/// them: conv 1->32 5x5 pad 2 on 28x28 and conv 32->64 5x5 pad 2 on 14x14. GFLOP/s counts the convolution's
/// multiply-adds (2 N O C K^2 OH OW forward, three times that forward + backward).
/// </summary>
public class ConvBenchmarks : IThroughputWorkload
{
    [Params("conv1 1->32 28x28", "conv2 32->64 14x14")]
    public string Layer { get; set; } = "conv1 1->32 28x28";

    private (int C, int O, int H) Dims => Layer.StartsWith("conv1", StringComparison.Ordinal) ? (1, 32, 28) : (32, 64, 14);

    private Tensor _x = null!;
    private Variable _w = null!, _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (c, o, h) = Dims;
        _x = Tensor.Randn([64, c, h, h], seed: 1);
        using var w = Tensor.Randn([o, c, 5, 5], seed: 2);
        _w = new Variable(w * 0.1f, requiresGrad: true);
        _b = new Variable(Tensor.Zeros([o]), requiresGrad: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x.Dispose();
        _w.Dispose();
        _b.Dispose();
    }

    [Benchmark]
    public void Forward()
    {
        using var noGrad = GradMode.NoGrad();
        using var y = Variable.Conv2d(_x, _w, _b, 1, 2);
    }

    [Benchmark]
    public void ForwardBackward()
    {
        using var scope = TensorScope.Begin();
        var x = new Variable(_x.Expand(_x.Shape), requiresGrad: true); // the input gradient is computed too
        var y = Variable.Conv2d(x, _w, _b, 1, 2);
        var s = y.Sum();
        s.Backward();
        _w.ZeroGrad();
        _b.ZeroGrad();
    }

    public double Flops(string method)
    {
        var (c, o, h) = Dims;
        double forward = 2.0 * 64 * o * c * 25 * h * h;
        return method == nameof(Forward) ? forward : 3 * forward;
    }

    public double Bytes(string method) => 0;
}

/// <summary>
/// Sampling labels from logits: the fused Gumbel-max kernel (one categorical sample per row), and the fused
/// Gumbel-softmax forward and forward + backward through autograd (PERFORMANCE.md's Gumbel-softmax row:
/// TorchSharp composes it of ops in 19.3 ms on [256 x 2000]).
/// </summary>
public class GumbelBenchmarks : IThroughputWorkload
{
    [Params("4096x10", "256x2000")]
    public string Shape { get; set; } = "256x2000";

    private Tensor _logits = null!;
    private ulong _offset;

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
        var (r, c) = Dims;
        _logits = Tensor.Randn([r, c], seed: 3);
    }

    [GlobalCleanup]
    public void Cleanup() => _logits.Dispose();

    [Benchmark]
    public void GumbelMax()
    {
        using var idx = GumbelOps.GumbelMax(_logits, 1, 7, _offset++);
    }

    [Benchmark]
    public void GumbelSoftmaxForward()
    {
        using var y = GumbelOps.GumbelSoftmax(_logits, 0.5f, 7, _offset++);
    }

    [Benchmark]
    public void GumbelSoftmaxForwardBackward()
    {
        using var scope = TensorScope.Begin();
        var z = new Variable(_logits.Expand(_logits.Shape), requiresGrad: true);
        var y = z.GumbelSoftmax(0.5f, hard: true, 7, _offset++);
        y.Backward(_logits);
    }

    public double Flops(string method) => 0;

    public double Bytes(string method)
    {
        var (r, c) = Dims;
        return method == nameof(GumbelSoftmaxForwardBackward) ? 5.0 * r * c * sizeof(float) : 2.0 * r * c * sizeof(float);
    }
}
