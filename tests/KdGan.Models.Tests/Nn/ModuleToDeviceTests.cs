using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Nn;

/// <summary>
/// <see cref="Module.To"/>: a small LeNet-like network moves to ILGPU's CPU accelerator and back with every
/// parameter and buffer bit for bit, and computes there what it computes on the CPU.
/// </summary>
public class ModuleToDeviceTests
{
    /// <summary>conv - batchnorm - relu - maxpool - flatten - linear - dropout - linear, on [N, 1, 6, 6].</summary>
    private static Sequential SmallLeNet(Generator g) => new(
        new Conv2d(1, 2, 3, g, padding: 1), new BatchNorm(2), new Relu(), new MaxPool2d(2),
        new Flatten(), new Linear(2 * 3 * 3, 4, g), new Dropout(0.5f, g), new Linear(4, 3, g));

    private static Dictionary<string, int[]> Bits(Module m) =>
        m.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray());

    private static void AssertOn(Module m, Device device)
    {
        Assert.All(m.NamedParameters(), p => Assert.True(p.Parameter.Device.Equals(device), $"{p.Name} is on {p.Parameter.Device}"));
        Assert.All(m.NamedBuffers(), b => Assert.True(b.Buffer.Device.Equals(device), $"{b.Name} is on {b.Buffer.Device}"));
    }

    [Fact]
    public void ALeNetMovesToIlgpuAndBackBitForBitAndAgreesThere()
    {
        using var net = SmallLeNet(new Generator(51));
        using var x = new Variable(Tensor.FromArray(SeededData.Floats(2 * 36, seed: 52), [2, 1, 6, 6]));
        using (var warm = net.Forward(x)) { } // one training step's forward: the running statistics leave 0 and 1
        net.Eval();
        var before = Bits(net);
        Assert.NotEqual(new float[] { 0, 0 }, ((BatchNorm)net.Layers[1]).RunningMean.ToArray());
        using var yCpu = net.Forward(x);

        var ilgpu = Devices.IlgpuCpu;
        Assert.Same(net, net.To(ilgpu));
        AssertOn(net, ilgpu);
        var bn = (BatchNorm)net.Layers[1];
        Assert.Equal(ilgpu, bn.RunningMean.Device); // the field the forward pass reads followed the buffer
        Assert.Equal(before, Bits(net));
        using var xg = new Variable(x.Data.To(ilgpu));
        using (var yGpu = net.Forward(xg))
        {
            Assert.Equal(ilgpu, yGpu.Device);
            Tolerance.AssertClose(yCpu.ToArray().Select(v => (double)v).ToArray(), yGpu.ToArray(), 1e-5, 1e-4, "eval forward, ILGPU vs CPU");
        }

        net.To(Device.Cpu);
        AssertOn(net, Device.Cpu);
        Assert.Equal(before, Bits(net));
        using var yBack = net.Forward(x);
        Assert.Equal(yCpu.ToArray(), yBack.ToArray()); // same device, same weights: the same bits
    }

    [Fact]
    public void MovedParametersOutliveATensorScope()
    {
        // Parameters live outside any scope; a move made inside one must not hand the new tensors to that scope.
        using var net = new Sequential(new Linear(3, 2, new Generator(53)), new BatchNorm(2));
        var before = Bits(net);
        using (TensorScope.Begin()) net.To(Devices.IlgpuCpu);
        Assert.All(net.StateDict(), kv => Assert.False(kv.Value.IsDisposed, $"{kv.Key} was disposed with the scope"));
        using (TensorScope.Begin()) net.To(Device.Cpu);
        Assert.Equal(before, Bits(net));
    }
}
