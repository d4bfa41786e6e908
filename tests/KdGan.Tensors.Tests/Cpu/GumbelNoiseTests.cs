using KdGan.Testing;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Tests.Cpu;

/// <summary>The Gumbel noise's own log against the double-precision log, and its vector fill against the scalar spec.</summary>
[Collection("CpuSimd")]
public class GumbelNoiseTests
{
    /// <summary>Distance in units in the last place between a float and the float nearest an exact value.</summary>
    private static long Ulps(float actual, double exact) =>
        Math.Abs((long)BitConverter.SingleToInt32Bits(actual) - BitConverter.SingleToInt32Bits((float)exact));

    [Fact]
    public void Log_is_within_two_ulp_over_the_inputs_the_noise_sees()
    {
        long worst = 0;
        float worstAt = 0;
        // Every u the stream can produce lies on the grid (k + 0.5) / 2^24; -log u covers [2^-25, 17.4].
        for (int k = 0; k < 1 << 24; k += 97)
        {
            float u = (k + 0.5f) * (1f / 16777216f);
            foreach (float x in new[] { u, -GumbelNoise.Log(u) })
            {
                long d = Ulps(GumbelNoise.Log(x), Math.Log(x));
                if (d > worst) (worst, worstAt) = (d, x);
            }
        }
        foreach (float x in new[] { 1f, 2f, 0.5f, MathF.E, 1e-30f, 1e30f, 0.70710677f, 0.7071068f, 1.4142135f })
        {
            long d = Ulps(GumbelNoise.Log(x), Math.Log(x));
            if (d > worst) (worst, worstAt) = (d, x);
        }
        Assert.True(worst <= 2, $"log({worstAt}) is {worst} ulp off");
        Assert.Equal(0f, GumbelNoise.Log(1f));
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void Fill_equals_the_scalar_definition_at_every_alignment(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (long start in new long[] { 0, 1, 3, 4, 5, 17, 1_000_003 })
            foreach (int length in new[] { 0, 1, 15, 16, 17, 31, 32, 33, 65, 100, 2000 })
            {
                var fill = new float[length];
                RandomStream.Fill(RandomDistribution.Gumbel, 0x1234_5678_9ABC_DEF0UL, 7, start, fill);
                for (int j = 0; j < length; j++)
                {
                    float spec = RandomStream.Sample(RandomDistribution.Gumbel, 0x1234_5678_9ABC_DEF0UL, 7, start + j);
                    if (BitConverter.SingleToInt32Bits(spec) != BitConverter.SingleToInt32Bits(fill[j]))
                        Assert.Fail($"{level} start {start} length {length}: element {j} is {fill[j]}, the definition gives {spec}");
                }
            }
    }

    [Fact]
    public void Noise_has_the_gumbel_mean_and_variance()
    {
        var g = new float[400_000];
        RandomStream.Fill(RandomDistribution.Gumbel, 5, 0, 0, g);
        double mean = g.Average(v => (double)v), variance = g.Average(v => (v - mean) * (v - mean));
        // Euler-Mascheroni and pi^2 / 6, within about 4 standard errors of 400,000 draws.
        Assert.InRange(mean, 0.5772 - 0.008, 0.5772 + 0.008);
        Assert.InRange(variance, Math.PI * Math.PI / 6 - 0.03, Math.PI * Math.PI / 6 + 0.03);
    }
}
