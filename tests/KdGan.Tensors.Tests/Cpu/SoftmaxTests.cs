using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;
using KdGan.Testing;
using static KdGan.Testing.Tolerance;

namespace KdGan.Tensors.Tests.Cpu;

public class SoftmaxTests
{
    [Theory]
    [MemberData(nameof(SimdLevels.Data), MemberType = typeof(SimdLevels))]
    public void SoftmaxAndLogSoftmaxWithTemperatureMatchReference(SimdLevel level)
    {
        using var forced = CpuSimd.Force(level);
        foreach (int n in ElementwiseTests.Lengths.Where(n => n > 0))
            foreach (float temperature in new[] { 1f, 0.1f, 3f })
            {
                using var x = SeededData.Tensor([5, n], n, 4f);
                using var p = x.Softmax(temperature);
                using var lp = x.LogSoftmax(temperature);
                AssertClose(ReferenceOps.Softmax(x, temperature, false), p.ToArray(), 1e-6f, 1e-5f, $"softmax n={n} T={temperature} {level}");
                AssertClose(ReferenceOps.Softmax(x, temperature, true), lp.ToArray(), 1e-5f, 1e-5f, $"log-softmax n={n} T={temperature} {level}");
                Assert.Equal(level, CpuBackend.LastPath);
            }
    }

    [Fact]
    public void StableForHugeLogitsAndNonContiguousInput()
    {
        using var x = Tensor.FromArray(new float[] { 1000, 1001, -1000, 0, 88, 89 }, [3, 2]);
        using var p = x.Softmax();
        Assert.All(p.ToArray(), v => Assert.True(float.IsFinite(v)));
        AssertClose(ReferenceOps.Softmax(x, 1, false), p.ToArray(), 1e-6f, 1e-5f, "huge logits");
        using var xt = SeededData.Tensor([9, 4], 1).T();
        using var pt = xt.LogSoftmax(2f);
        AssertClose(ReferenceOps.Softmax(xt, 2f, true), pt.ToArray(), 1e-5f, 1e-5f, "transposed input");
    }

    [Fact]
    public void RowsSumToOne()
    {
        using var x = SeededData.Tensor([64, 2000], 3, 10f);
        using var p = x.Softmax(0.5f);
        using var s = p.Sum(1);
        AssertClose(Enumerable.Repeat(1f, 64).ToArray(), s.ToArray(), 1e-5f, 0, "row sums");
    }

    [Fact]
    public void BadTemperatureIsRejected()
    {
        using var x = Tensor.Zeros([2, 2]);
        Assert.Contains("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.LogSoftmax(float.NaN));
    }
}
