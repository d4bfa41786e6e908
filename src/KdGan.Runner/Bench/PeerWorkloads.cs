using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Models.Optim;
using KdGan.Runner.Commands;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Runner.Bench;

/// <summary>
/// One workload of the TorchSharp comparison: our version of one row of <c>../shared/peer-bench</c>, under the
/// same shapes and the same semantics (what requires a gradient, what is zeroed, which optimiser steps).
/// <see cref="PeerSection"/> and <see cref="PeerCase"/> are the peer's row names, so the two result files join.
/// </summary>
/// <param name="Key">Our short name, e.g. <c>conv2-fwd-bwd</c>.</param>
/// <param name="Title">The row of the ratio table.</param>
/// <param name="PeerSection">The start of the peer's section name (its number, e.g. "2a.").</param>
/// <param name="PeerCase">The peer's case name, exactly.</param>
/// <param name="Setup">Builds the inputs and returns one call of the work plus what to dispose afterwards.</param>
public sealed record PeerWorkload(string Key, string Title, string PeerSection, string PeerCase, Func<(Action Call, IDisposable Owned)> Setup);

/// <summary>The workloads, in the order of the ratio table.</summary>
public static class PeerWorkloads
{
    public static IReadOnlyList<PeerWorkload> All { get; } =
    [
        new("sgemm-1024", "SGEMM 1024", "1.", "1024x1024", () => Gemm(1024)),
        new("sgemm-2048", "SGEMM 2048", "1.", "2048x2048", () => Gemm(2048)),
        new("conv1-fwd", "conv 1->32 5x5, 28x28, batch 64, forward", "2a.", "conv1 1->32 5x5 pad2 @28x28: forward", () => Conv(1, 32, 28, backward: false, inputGrad: false)),
        new("conv1-fwd-bwd", "conv 1->32 forward + backward", "2a.", "conv1: forward+backward (wgrad)", () => Conv(1, 32, 28, backward: true, inputGrad: false)),
        new("conv2-fwd", "conv 32->64 5x5, 14x14, batch 64, forward", "2a.", "conv2 32->64 5x5 pad2 @14x14: forward", () => Conv(32, 64, 14, backward: false, inputGrad: false)),
        new("conv2-fwd-bwd", "conv 32->64 forward + backward", "2a.", "conv2: forward+backward (wgrad+dgrad)", () => Conv(32, 64, 14, backward: true, inputGrad: true)),
        new("lenet-step", "LeNet train step, batch 64, Adam", "2b.", "full train step: fwd + bwd + Adam step", () => TrainStep(TrainStepBench.LeNet)),
        new("adam-3.27m", "Adam step alone, 3.27M parameters", "2b.", "Adam step alone (3.27M params)", AdamAlone),
        new("mlp-step", "MLP 784-800-800-10 train step, batch 64, Adam", "6.", "full train step: fwd + bwd + Adam step", () => TrainStep(TrainStepBench.Mlp)),
        new("lstm-fwd-bwd", "LSTM b32 s20 i300 h256, forward + backward", "3.", "forward + backward (weight grads)", () => Lstm(backward: true)),
        new("lstm-fwd", "LSTM forward, no grad", "3.", "forward (no_grad)", () => Lstm(backward: false)),
        new("softmax-fwd-bwd", "softmax(x/T) [256x2000], forward + backward", "4.", "[256x2000] softmax(x/T) forward+backward", () => Softmax(gumbel: false)),
        new("gumbel-fwd-bwd", "Gumbel-softmax [256x2000], forward + backward", "4.", "[256x2000] gumbel_softmax soft forward+backward", () => Softmax(gumbel: true)),
    ];

    private sealed class Owned(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var d in items) d.Dispose();
        }
    }

    private static (Action, IDisposable) Gemm(int n)
    {
        var a = Tensor.Randn([n, n], seed: 1);
        var b = Tensor.Randn([n, n], seed: 2);
        return (() => Tensor.MatMul(a, b).Dispose(), new Owned(a, b));
    }

    /// <summary>A 5x5, padding-2 convolution of a batch of 64; backward from a given output gradient.</summary>
    private static (Action, IDisposable) Conv(int cin, int cout, int size, bool backward, bool inputGrad)
    {
        var conv = new Conv2d(cin, cout, 5, new Generator(1), padding: 2);
        var x = new Variable(Tensor.Randn([64, cin, size, size], seed: 2), requiresGrad: inputGrad);
        var dy = Tensor.Randn([64, cout, size, size], seed: 3);
        void ForwardBackward()
        {
            using var scope = TensorScope.Begin();
            conv.ZeroGrad();
            x.ZeroGrad();
            conv.Forward(x).Backward(dy);
        }
        void ForwardOnly()
        {
            using var scope = TensorScope.Begin();
            using var noGrad = GradMode.NoGrad();
            conv.Forward(x);
        }
        Action call = backward ? ForwardBackward : ForwardOnly;
        return (call, new Owned(conv, x, dy));
    }

    private static (Action, IDisposable) TrainStep(Func<Generator, Layer> build)
    {
        var net = build(new Generator(1));
        var opt = new Adam(net.Parameters(), 1e-3f);
        var x = Tensor.Randn([64, 1, 28, 28], seed: 2);
        var labels = Enumerable.Range(0, 64).Select(i => i * 7 % 10).ToArray();
        return (() =>
        {
            using var scope = TensorScope.Begin();
            opt.ZeroGrad();
            Functional.CrossEntropy(net.Forward(new Variable(x.Expand(x.Shape))), labels).Backward();
            opt.Step();
        }, new Owned(opt, net, x));
    }

    /// <summary>One Adam step over the LeNet's parameters, their gradients computed once beforehand.</summary>
    private static (Action, IDisposable) AdamAlone()
    {
        var net = TrainStepBench.LeNet(new Generator(1));
        var opt = new Adam(net.Parameters(), 1e-3f);
        using var x = Tensor.Randn([64, 1, 28, 28], seed: 2);
        using (TensorScope.Begin())
            Functional.CrossEntropy(net.Forward(new Variable(x.Expand(x.Shape))), Enumerable.Range(0, 64).Select(i => i % 10).ToArray()).Backward();
        return (opt.Step, new Owned(opt, net));
    }

    private static (Action, IDisposable) Lstm(bool backward)
    {
        var lstm = new Lstm(300, 256, new Generator(1));
        var x = new Variable(Tensor.Randn([32, 20, 300], seed: 2));
        var dy = Tensor.Randn([32, 20, 256], seed: 3);
        void ForwardBackward()
        {
            using var scope = TensorScope.Begin();
            lstm.ZeroGrad();
            using var r = lstm.Forward(x);
            r.Output.Backward(dy);
        }
        void ForwardOnly()
        {
            using var scope = TensorScope.Begin();
            using var noGrad = GradMode.NoGrad();
            using var r = lstm.Forward(x);
        }
        Action call = backward ? ForwardBackward : ForwardOnly;
        return (call, new Owned(lstm, x, dy));
    }

    /// <summary>softmax(x / 4) or a soft Gumbel-softmax (tau 1) of a [256 x 2000] leaf, backward from a given gradient.</summary>
    private static (Action, IDisposable) Softmax(bool gumbel)
    {
        var x = new Variable(Tensor.Randn([256, 2000], seed: 1), requiresGrad: true);
        var dy = Tensor.Randn([256, 2000], seed: 2);
        ulong offset = 0;
        return (() =>
        {
            using var scope = TensorScope.Begin();
            x.ZeroGrad();
            var y = gumbel ? x.GumbelSoftmax(1f, hard: false, seed: 7, offset: offset++ * 1_000_000) : x.Softmax(4f);
            y.Backward(dy);
        }, new Owned(x, dy));
    }
}
