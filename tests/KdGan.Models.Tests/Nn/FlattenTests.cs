using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Nn;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Nn;

/// <summary>
/// <see cref="Flatten"/> against its definition: the row-major order of the values is unchanged and the axes from
/// the start axis on merge into one (torch.nn.Flatten(start_dim)); the gradient flows back in the input's shape.
/// </summary>
public abstract class FlattenSuite
{
    protected abstract Device Target { get; }

    [Theory]
    [InlineData(1, new[] { 2, 3, 4, 5 }, new[] { 2, 60 })]
    [InlineData(2, new[] { 2, 3, 4, 5 }, new[] { 2, 3, 20 })]
    [InlineData(0, new[] { 2, 3, 4 }, new[] { 24 })]
    [InlineData(-2, new[] { 2, 3, 4, 5 }, new[] { 2, 3, 20 })]
    [InlineData(1, new[] { 3, 7 }, new[] { 3, 7 })]
    public void MergesTheTrailingAxesKeepingRowMajorOrder(int startAxis, int[] shape, int[] expectedShape)
    {
        var xv = SeededData.Floats(shape.Aggregate(1, (p, d) => p * d), seed: 31);
        using var x = new Variable(Tensor.FromArray(xv, new Shape(shape), Target), requiresGrad: true);
        using var y = new Flatten(startAxis).Forward(x);
        Assert.Equal(new Shape(expectedShape), y.Shape);
        // Element [i0, .., ik] of the input is element sum_a i_a * stride_a of both (row-major), so the flat arrays agree.
        var yv = y.ToArray();
        for (int i = 0; i < xv.Length; i++) Assert.Equal(xv[i], yv[i]);

        var gv = SeededData.Floats(xv.Length, seed: 32);
        using var gy = Tensor.FromArray(gv, new Shape(expectedShape), Target);
        y.Backward(gy);
        Assert.Equal(new Shape(shape), x.Grad!.Shape);
        Assert.Equal(gv, x.Grad!.ToArray());
    }

    [Fact]
    public void FlattensANonContiguousView()
    {
        // A transposed input: flatten reads it in its logical (row-major) order, like torch.flatten.
        var xv = SeededData.Floats(2 * 3 * 4, seed: 33);
        using var x = new Variable(Tensor.FromArray(xv, [2, 3, 4], Target));
        using var xt = x.Transpose(1, 2); // [2, 4, 3]
        using var y = new Flatten().Forward(xt);
        Assert.Equal(new Shape(2, 12), y.Shape);
        var yv = y.ToArray();
        for (int n = 0; n < 2; n++)
            for (int j = 0; j < 4; j++)
                for (int i = 0; i < 3; i++)
                    Assert.Equal(xv[(n * 3 + i) * 4 + j], yv[n * 12 + j * 3 + i]);
    }
}

public sealed class CpuFlattenTests : FlattenSuite
{
    protected override Device Target => Device.Cpu;
}

public sealed class IlgpuFlattenTests : FlattenSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}
