using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Experiments.Cifar;
using KdGan.Models.Nn;
using KdGan.Models.Optim;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Cifar;

/// <summary>
/// The CIFAR ResNet against <see cref="ResNetReference"/>: its logits, and its gradients against central differences
/// of the reference's loss, on every backend; and (on the CPU) a ResNet that fits a batch.
/// </summary>
public abstract class ResNetSuite
{
    protected abstract Device Target { get; }

    private static Dictionary<string, double[]> Parameters(Sequential net) =>
        net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Data.ToArray().Select(v => (double)v).ToArray());

    [Fact]
    public void ResNet20LogitsAndGradientsMatchTheReferenceLoops()
    {
        const int n = 2, side = 8; // stage 3 sees 2x2 pixels: batch norm over 8 values, well conditioned for the differences
        using var net = CifarNetworks.ResNet(20, new Generator(11), Target);
        Assert.Equal(269_722, net.ParameterCount); // conv weights without bias, batch-norm scales and shifts, FC 64 -> 10
        var xv = SeededData.Floats(n * 3 * side * side, seed: 12);
        var gv = SeededData.Floats(n * 10, seed: 13);
        using var x = new Variable(Tensor.FromArray(xv, [n, 3, side, side], Target));
        using var logits = net.Forward(x);
        var p = Parameters(net);
        var xd = xv.Select(v => (double)v).ToArray();
        Tolerance.AssertClose(ResNetReference.Logits(p, xd, n, 20), logits.ToArray(), 1e-4, 1e-3, $"ResNet-20 logits on {Target}");

        using var g = Tensor.FromArray(gv, [n, 10], Target);
        logits.Backward(g);
        double Loss(Dictionary<string, double[]> q) => ResNetReference.Logits(q, xd, n, 20).Zip(gv, (z, w) => z * w).Sum();
        var grads = net.NamedParameters().ToDictionary(e => e.Name, e => e.Parameter.Grad!.ToArray());
        // One entry in every kind of parameter, in every stage; both convolutions of a downsampling block.
        foreach (var (name, index) in new[] { ("0.weight", 5), ("1.weight", 3), ("3.conv1.weight", 7), ("3.bn1.bias", 2), ("5.conv2.weight", 100),
                                              ("6.conv1.weight", 31), ("6.conv2.weight", 400), ("6.bn2.weight", 9), ("9.conv1.weight", 1000),
                                              ("11.bn2.bias", 60), ("13.weight", 77), ("13.bias", 4) })
        {
            const double eps = 1e-4;
            var plus = p.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone());
            var minus = p.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone());
            plus[name][index] += eps;
            minus[name][index] -= eps;
            double fd = (Loss(plus) - Loss(minus)) / (2 * eps);
            Tolerance.AssertClose(fd, grads[name][index], 2e-3, 2e-2, $"d loss / d {name}[{index}] on {Target}");
        }
    }
}

public sealed class CpuResNetTests : ResNetSuite
{
    protected override Device Target => Device.Cpu;

    [Fact]
    public void AResNetFitsABatchWithAdamAndEvalModeUsesTheRunningStatistics()
    {
        using var net = CifarNetworks.ResNet(8, new Generator(21), Device.Cpu);
        using var x = new Variable(Tensor.FromArray(SeededData.Floats(8 * 3 * 16 * 16, seed: 22), [8, 3, 16, 16], Device.Cpu));
        int[] y = [0, 1, 2, 3, 4, 5, 6, 7];
        using var adam = new Adam(net.Parameters(), 1e-2f);
        float first = 0, last = 0;
        for (int step = 0; step < 25; step++)
        {
            net.ZeroGrad();
            using var z = net.Forward(x);
            using var loss = Functional.CrossEntropy(z, y);
            loss.Backward();
            adam.Step();
            if (step == 0) first = loss.ToArray()[0];
            last = loss.ToArray()[0];
        }
        Assert.True(last < 0.5f * first, $"ResNet-8 loss {first} -> {last} after 25 Adam steps on {Device.Cpu}");

        var bn = (BatchNorm)net.Layers[1];
        Assert.NotEqual(0f, bn.RunningMean.ToArray()[0]); // training moved the running statistics
        net.Eval();
        using var noGrad = GradMode.NoGrad();
        using var half = x.Data.Slice(0, 0, 4).Contiguous();
        using var a = net.Forward(new Variable(half));
        using var b = net.Forward(x);
        // Eval mode normalises with the running statistics: an image's logits do not depend on its batch.
        Tolerance.AssertClose(b.ToArray().Take(40).Select(v => (double)v).ToArray(), a.ToArray(), 1e-5, 1e-4, $"eval-mode logits on {Device.Cpu}");
    }
}

public sealed class IlgpuResNetTests : ResNetSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}
