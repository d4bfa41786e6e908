using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Tests.Nn;

/// <summary>
/// <see cref="Sequential"/> against the same layers written as plain loops: linear -> relu -> linear, forward and
/// backward (Sequential frees intermediate values as it goes; the gradients must not notice), on every backend.
/// </summary>
public abstract class SequentialSuite
{
    protected abstract Device Target { get; }

    [Fact]
    public void AppliesItsLayersInOrderForwardAndBackward()
    {
        const int n = 3, din = 5, dh = 4, dout = 2;
        var g = new Generator(41);
        using var net = new Sequential(new Linear(din, dh, g, device: Target), new Relu(), new Linear(dh, dout, g, device: Target));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], net.NamedParameters().Select(p => p.Name));
        var w1 = net.Layers[0].StateDict()["weight"].ToArray();
        var b1 = net.Layers[0].StateDict()["bias"].ToArray();
        var w2 = net.Layers[2].StateDict()["weight"].ToArray();
        var b2 = net.Layers[2].StateDict()["bias"].ToArray();
        var xv = SeededData.Floats(n * din, seed: 42);

        // Plain loops: h = relu(x W1^T + b1), y = h W2^T + b2.
        var h = new double[n * dh];
        var y = new double[n * dout];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < dh; j++)
            {
                double s = b1[j];
                for (int k = 0; k < din; k++) s += (double)xv[i * din + k] * w1[j * din + k];
                h[i * dh + j] = Math.Max(s, 0);
            }
            for (int o = 0; o < dout; o++)
            {
                double s = b2[o];
                for (int j = 0; j < dh; j++) s += h[i * dh + j] * w2[o * dh + j];
                y[i * dout + o] = s;
            }
        }
        using var x = new Variable(Tensor.FromArray(xv, [n, din], Target), requiresGrad: true);
        using var out_ = net.Forward(x);
        Assert.Equal(new Shape(n, dout), out_.Shape);
        Tolerance.AssertClose(y, out_.ToArray(), 1e-5, 1e-4, $"sequential forward on {Target}");

        // d sum(y * gy) / dx = ((gy W2) * [h > 0]) W1.
        var gy = SeededData.Floats(n * dout, seed: 43);
        out_.Backward(Tensor.FromArray(gy, [n, dout], Target));
        var dx = new double[n * din];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < dh; j++)
            {
                if (h[i * dh + j] <= 0) continue;
                double dh_ = 0;
                for (int o = 0; o < dout; o++) dh_ += (double)gy[i * dout + o] * w2[o * dh + j];
                for (int k = 0; k < din; k++) dx[i * din + k] += dh_ * w1[j * din + k];
            }
        Tolerance.AssertClose(dx, x.Grad!.ToArray(), 1e-5, 1e-4, $"sequential input gradient on {Target}");
        Assert.False(x.Data.IsDisposed);
    }

    [Fact]
    public void AnEmptySequentialIsTheIdentityWithoutAliasingItsInput()
    {
        var xv = SeededData.Floats(6, seed: 44);
        using var x = new Variable(Tensor.FromArray(xv, [2, 3], Target));
        using var net = new Sequential();
        var y = net.Forward(x);
        Assert.NotSame(x, y);
        Assert.Equal(xv, y.ToArray());
        y.Dispose(); // the caller owns the result; the input lives on
        Assert.Equal(xv, x.ToArray());
    }
}

public sealed class CpuSequentialTests : SequentialSuite
{
    protected override Device Target => Device.Cpu;
}

public sealed class IlgpuSequentialTests : SequentialSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}
