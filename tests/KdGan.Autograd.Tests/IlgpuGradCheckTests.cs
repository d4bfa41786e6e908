using KdGan.Tensors;
using static KdGan.Autograd.Tests.Inputs;

namespace KdGan.Autograd.Tests;

/// <summary>
/// The finite-difference suites with the inputs on ILGPU's CPU accelerator (<c>ilgpu-cpu</c>): forward, backward
/// and every finite-difference evaluation run the GPU kernels, and GradCheck asserts that the result, the
/// weights and the gradients all stay on that device.
/// </summary>
public sealed class IlgpuGradCheckTests : GradCheckSuite
{
    protected override Device Target => Devices.IlgpuCpu;

    [Fact]
    public void MixedDevicesAreRejected()
    {
        using var a = Away([3], 1);
        using var b = a.To(Target);
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Check(v => v[0] + v[1], [a, b]));
        Assert.Contains("one device", e.Message);
    }
}

/// <summary>The layer finite-difference suite on ILGPU's CPU accelerator.</summary>
public sealed class IlgpuLayerGradCheckTests : LayerGradCheckSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}

/// <summary>The sequence finite-difference suite (fused LSTM cell and layer, embedding) on ILGPU's CPU accelerator.</summary>
public sealed class IlgpuSequenceGradCheckTests : SequenceGradCheckSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}
