using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Models.Tests.Optim;

/// <summary>
/// The fused Adam pass against the update written op by op (the composition Adam used before the fused kernel):
/// the same bits at every SIMD level and thread count, over sizes that hit the vector body, the scalar tail and
/// several parallel chunks.
/// </summary>
[Collection("CpuSimd")]
public class FusedAdamTests
{
    private static (Tensor P, Tensor M, Tensor V) Composed(Tensor p0, Tensor g, Tensor m0, Tensor v0, AdamCoefficients c)
    {
        using var diff = g - m0;
        using var scaled = diff * (1 - c.Beta1);
        var m = m0 + scaled;
        using var vDecayed = v0 * c.Beta2;
        using var g2 = g * g;
        using var g2s = g2 * (1 - c.Beta2);
        var v = vDecayed + g2s;
        using var sqrtV = v.Sqrt();
        using var scaledV = sqrtV * c.InvSqrtBias2;
        using var denom = scaledV + c.Eps;
        using var ratio = m / denom;
        using var step = ratio * c.StepSize;
        return (p0 - step, m, v);
    }

    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void Fused_step_equals_the_composed_update_bit_for_bit(SimdLevel level)
    {
        var c = new AdamCoefficients(0.9f, 0.999f, 1e-8f, 1e-3f / (1 - 0.9f * 0.9f), 1f / MathF.Sqrt(1 - 0.999f * 0.999f));
        foreach (int n in new[] { 1, 7, 8, 33, 100_003 })
            foreach (int threads in new[] { 1, 2 })
            {
                using var p = Tensor.Randn([n], seed: (ulong)n);
                using var g = Tensor.Randn([n], seed: (ulong)n + 1);
                using var m = Tensor.Randn([n], seed: (ulong)n + 2);
                using var v0 = Tensor.Rand([n], seed: (ulong)n + 3);
                using var v = v0.Contiguous();
                var (ep, em, ev) = Composed(p, g, m, v, c);
                int saved = CpuThreads.Count;
                CpuThreads.Count = threads;
                try
                {
                    using (CpuSimd.Force(level)) OptimizerOps.AdamStep(p, g, m, v, c);
                }
                finally { CpuThreads.Count = saved; }
                foreach (var (expected, actual, what) in new[] { (ep, p, "p"), (em, m, "m"), (ev, v, "v") })
                {
                    var e = expected.ToArray();
                    var a = actual.ToArray();
                    for (int i = 0; i < n; i++)
                        Assert.True(BitConverter.SingleToInt32Bits(e[i]) == BitConverter.SingleToInt32Bits(a[i]),
                            $"{level}, n={n}, threads={threads}: {what}[{i}] is {a[i]}, composed {e[i]}");
                    expected.Dispose();
                }
            }
    }

    [Fact]
    public void Mismatched_or_strided_state_is_refused_with_the_operand_named()
    {
        var c = new AdamCoefficients(0.9f, 0.999f, 1e-8f, 1e-3f, 1f);
        using var p = Tensor.Zeros([4, 3]);
        using var g = Tensor.Zeros([4, 3]);
        using var m = Tensor.Zeros([4, 3]);
        using var small = Tensor.Zeros([3]);
        using var big = Tensor.Zeros([3, 4]);
        using var strided = big.T();
        Assert.Contains("second moment", Assert.Throws<ArgumentException>(() => OptimizerOps.AdamStep(p, g, m, small, c)).Message);
        Assert.Contains("must be contiguous", Assert.Throws<ArgumentException>(() => OptimizerOps.AdamStep(p, g, m, strided, c)).Message);
        using var gt = big.T(); // a strided gradient is fine: it is read through a contiguous copy
        OptimizerOps.AdamStep(p, gt, m, g, c);
    }
}
