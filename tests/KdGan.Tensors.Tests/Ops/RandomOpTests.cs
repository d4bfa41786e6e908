using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Reference;
using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>The counter-based stream: the same numbers as the CPU for the same (seed, offset); uniform bit for bit.</summary>
public abstract class RandomOpTests : OpTestBase
{
    private static readonly long[] Counts = [0, 1, 3, 4, 5, 17, 1000];

    [BackendFact]
    public void Uniform_draws_are_bit_identical_to_the_stream()
    {
        foreach (long n in Counts)
            foreach (ulong offset in new ulong[] { 0, 7, (1UL << 32) + 3 })
            {
                ulong seed = 0x1234_5678_9ABC_DEF0UL + (ulong)n;
                using var t = Tensor.Random([(int)n], RandomDistribution.Uniform, seed, offset, D);
                var expected = ReferenceOps.Random(RandomDistribution.Uniform, seed, offset, n);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), t.ToArray().Select(BitConverter.SingleToInt32Bits));
            }
    }

    [BackendFact]
    public void Normal_and_gumbel_draws_match_the_stream()
    {
        foreach (var dist in new[] { RandomDistribution.Normal, RandomDistribution.Gumbel })
            foreach (long n in Counts)
            {
                using var t = Tensor.Random([(int)n], dist, seed: 42, offset: 5, device: D);
                Check(ReferenceOps.Random(dist, 42, 5, n), t, null, 2e-5f, 2e-5f, $"{dist} x {n}");
            }
    }

    [BackendFact]
    public void Generator_draws_agree_with_the_cpu()
    {
        var g1 = new Generator(7);
        var g2 = new Generator(7);
        using var a = g1.Randn([3, 5], D);
        using var b = g2.Randn([3, 5]);
        Tolerance.AssertClose(b.ToArray(), a.ToArray(), 2e-5f, 2e-5f, "Generator.Randn");
        Assert.Equal(g1.Offset, g2.Offset);
    }
}
