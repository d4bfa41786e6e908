using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Reference;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Nn;

/// <summary>Dropout in training draws its mask from the counter-based stream: the same mask on every backend.</summary>
public class DropoutDeviceTests
{
    [Fact]
    public void TheMaskIsTheSameOnCpuAndIlgpuForTheSameSeedAndOffset()
    {
        const float p = 0.3f;
        var xv = SeededData.Floats(2 * 3 * 37, seed: 61);
        using var xCpu = new Variable(Tensor.FromArray(xv, [2, 3, 37]));
        using var xGpu = new Variable(Tensor.FromArray(xv, [2, 3, 37], Devices.IlgpuCpu));
        var cpu = new Dropout(p, new Generator(7, offset: 5));
        var gpu = new Dropout(p, new Generator(7, offset: 5));
        for (int call = 0; call < 2; call++) // the second call draws from where the first left off, on both
        {
            using var yc = cpu.Forward(xCpu);
            using var yg = gpu.Forward(xGpu);
            Assert.Equal(Devices.IlgpuCpu, yg.Device);
            var c = yc.ToArray();
            var g = yg.ToArray();
            Assert.Equal(c.Select(v => v == 0), g.Select(v => v == 0));
            Tolerance.AssertClose(c.Select(v => (double)v).ToArray(), g, 0, 1e-6, $"dropout call {call}, ILGPU vs CPU");
            int dropped = c.Count(v => v == 0);
            Assert.InRange(dropped, 40, 110); // ~30% of 222
        }
        // Both match the stream's reference: kept where u >= p, scaled by 1 / (1 - p).
        var u = ReferenceOps.Random(RandomDistribution.Uniform, 7, 5, xv.Length);
        using var fresh = new Dropout(p, new Generator(7, offset: 5)).Forward(xCpu);
        Assert.Equal(u.Select((e, i) => e >= p ? xv[i] * (1f / (1f - p)) : 0f).ToArray(), fresh.ToArray());
    }
}
