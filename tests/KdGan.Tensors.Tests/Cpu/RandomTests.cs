using KdGan.Tensors.Backends.Reference;
using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Tests.Cpu;

public class RandomTests
{
    // Known-answer vectors of Random123 (kat_vectors, philox4x32 with 10 rounds).
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void PhiloxMatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Assert.Equal((e0, e1, e2, e3), Philox.Rounds10(c0, c1, c2, c3, k0, k1));
    }

    [Theory]
    [InlineData(RandomDistribution.Uniform)]
    [InlineData(RandomDistribution.Normal)]
    [InlineData(RandomDistribution.Gumbel)]
    public void BackendDrawsEqualTheStreamDefinition(RandomDistribution d)
    {
        using var t = Tensor.Random([1000, 37], d, seed: 42, offset: 5);
        Assert.Equal(ReferenceOps.Random(d, 42, 5, t.NumElements), t.ToArray());
    }

    [Fact]
    public void OffsetsAddressTheSameStream()
    {
        // Uniform element i lives in block offset + i/4: skipping one block skips four values.
        using var a = Tensor.Rand([40], seed: 7, offset: 0);
        using var b = Tensor.Rand([36], seed: 7, offset: 1);
        Assert.Equal(a.ToArray()[4..], b.ToArray());
        var g = new Generator(7);
        using var first = g.Rand([10]);
        using var second = g.Rand([10]);
        Assert.Equal(3ul, g.Offset - RandomStream.BlocksFor(RandomDistribution.Uniform, 10)); // 10 values use 3 blocks
        Assert.NotEqual(first.ToArray(), second.ToArray());
        using var other = Tensor.Rand([40], seed: 8);
        Assert.NotEqual(a.ToArray(), other.ToArray());
    }

    [Fact]
    public void MomentsMatchTheDistributions()
    {
        const int n = 200_000;
        var u = ReferenceOps.Random(RandomDistribution.Uniform, 1, 0, n);
        var z = ReferenceOps.Random(RandomDistribution.Normal, 2, 0, n);
        var g = ReferenceOps.Random(RandomDistribution.Gumbel, 3, 0, n);
        Assert.All(u, v => Assert.InRange(v, 0f, 0.99999995f));
        Assert.InRange(u.Average(), 0.497, 0.503);
        Assert.InRange(z.Average(), -0.01, 0.01);
        Assert.InRange(z.Select(v => (double)v * v).Average(), 0.985, 1.015);
        Assert.InRange(g.Average(), 0.5772 - 0.01, 0.5772 + 0.01);               // Euler-Mascheroni constant
        Assert.InRange(g.Select(v => (v - 0.5772) * (v - 0.5772)).Average(), 1.6449 - 0.03, 1.6449 + 0.03); // pi^2/6
        Assert.All(g, v => Assert.True(float.IsFinite(v)));
    }
}
