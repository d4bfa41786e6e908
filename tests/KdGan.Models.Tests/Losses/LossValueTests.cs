using KdGan.Testing;
using KdGan.Autograd;
using KdGan.Models.Kdgan;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Losses;

/// <summary>
/// Loss values (the finite-difference suites only check their gradients) against PyTorch's definitions written
/// out in double here, plus numbers worked by hand. Written once, run on every backend by a thin subclass.
/// </summary>
public abstract class LossValueSuite
{
    protected abstract Device Target { get; }

    private const double Atol = 1e-5, Rtol = 1e-5;

    private Variable V(float[] values, params int[] shape) => new(Tensor.FromArray(values, new Shape(shape), Target));

    /// <summary>log softmax(z / T) of one row, in double: z_c / T - log sum_j exp(z_j / T).</summary>
    private static double[] LogSoftmax(ReadOnlySpan<float> z, double t = 1)
    {
        double m = double.NegativeInfinity;
        foreach (var v in z) m = Math.Max(m, v / t);
        double s = 0;
        foreach (var v in z) s += Math.Exp(v / t - m);
        var r = new double[z.Length];
        for (int c = 0; c < z.Length; c++) r[c] = z[c] / t - m - Math.Log(s);
        return r;
    }

    [Fact]
    public void CrossEntropyWithLabelsIsTheMeanNegativeLogLikelihood()
    {
        float[] z = [1, 2, 3, 1, -1, 0.5f, 0, 0, 0, 4, -2, 1];
        int[] y = [2, 0, 1, 1];
        double expected = 0;
        for (int n = 0; n < 4; n++) expected -= LogSoftmax(z.AsSpan(n * 3, 3))[y[n]] / 4;
        using var logits = V(z, 4, 3);
        using var loss = Functional.CrossEntropy(logits, y);
        Assert.Equal(Shape.Scalar, loss.Shape);
        Tolerance.AssertClose(expected, loss.Item(), Atol, Rtol, $"cross-entropy on {Target}");

        // By hand: uniform logits over 3 classes give log 3; a confident wrong answer costs the logit gap.
        using var uniform = V([0, 0, 0], 1, 3);
        using var l1 = Functional.CrossEntropy(uniform, [1]);
        Tolerance.AssertClose(Math.Log(3), l1.Item(), Atol, Rtol, "cross-entropy of uniform logits");
        using var extreme = V([1000, 0, -1000], 1, 3);
        using var l2 = Functional.CrossEntropy(extreme, [2]);
        Tolerance.AssertClose(2000, l2.Item(), 1e-3, 1e-6, "cross-entropy with |logit| 1000 (no overflow)");
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(2.5f)]
    public void CrossEntropyWithSoftTargetsAveragesOverTheBatch(float temperature)
    {
        float[] z = [1, 2, 3, 0.5f, 1, -1, 0.5f, 2, -3, 0, 1, 1];
        float[] q = [0.2f, 0.3f, 0.5f, 0, 0, 1, 0.25f, 0.25f, 0.5f, 0.7f, 0.2f, 0.1f]; // each row sums to 1
        double expected = 0;
        for (int n = 0; n < 4; n++)
        {
            var logp = LogSoftmax(z.AsSpan(n * 3, 3), temperature);
            for (int c = 0; c < 3; c++) expected -= q[n * 3 + c] * logp[c] / 4;
        }
        using var logits = V(z, 4, 3);
        using var targets = V(q, 4, 3);
        using var loss = Functional.CrossEntropy(logits, targets, temperature);
        Tolerance.AssertClose(expected, loss.Item(), Atol, Rtol, $"soft cross-entropy T={temperature} on {Target}");

        // One-hot soft targets give the same value as the integer labels.
        using var oneHot = V([0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0], 4, 3);
        using var soft = Functional.CrossEntropy(logits, oneHot);
        using var hard = Functional.CrossEntropy(logits, [2, 0, 1, 1]);
        Tolerance.AssertClose(hard.Item(), soft.Item(), 1e-6, 1e-6, "one-hot soft targets vs labels");
    }

    [Fact]
    public void SoftplusMatchesTheDefinitionAndStaysFiniteAtLargeInputs()
    {
        float[] x = [-100, -20, -3, -0.5f, 0, 0.7f, 5, 30, 100];
        // log(1 + e^x) in double; for x = 100 that is 100 + log(1 + e^-100).
        var expected = x.Select(v => v > 30 ? v + Math.Log(1 + Math.Exp(-v)) : Math.Log(1 + Math.Exp(v))).ToArray();
        using var input = V(x, 9);
        using var y = Functional.Softplus(input);
        Tolerance.AssertClose(expected, y.Data.ToArray(), 1e-7, 1e-6, $"softplus on {Target}");
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesTheDefinition()
    {
        float[] z = [-3, -0.5f, 0, 0.7f, 2.5f, 4];
        float[] t = [0, 1, 0.3f, 1, 0, 0.9f];
        double expected = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double s = 1 / (1 + Math.Exp(-z[i]));
            expected -= (t[i] * Math.Log(s) + (1 - t[i]) * Math.Log(1 - s)) / z.Length;
        }
        using var logits = V(z, 2, 3);
        using var targets = V(t, 2, 3);
        using var loss = Functional.BinaryCrossEntropyWithLogits(logits, targets);
        Tolerance.AssertClose(expected, loss.Item(), Atol, Rtol, $"BCE with logits on {Target}");
        // By hand: z = 0 costs log 2 whatever the target.
        using var zero = V([0, 0], 2);
        using var half = V([0, 1], 2);
        using var l0 = Functional.BinaryCrossEntropyWithLogits(zero, half);
        Tolerance.AssertClose(Math.Log(2), l0.Item(), Atol, Rtol, "BCE at z = 0");
    }

    [Fact]
    public void BinaryCrossEntropyWithLargeLogitsStaysFinite()
    {
        // Right answers cost ~0, wrong ones |z|; the naive log(sigmoid) would give log 0 = -inf here.
        using var z = new Variable(Tensor.FromArray([1000, 1000, -1000, -1000, 100, -100], [6], Target), requiresGrad: true);
        using var t = V([1, 0, 1, 0, 0.5f, 0.5f], 6);
        using var loss = Functional.BinaryCrossEntropyWithLogits(z, t);
        double byHand = (0 + 1000 + 1000 + 0 + (100 - 50) + 50) / 6.0;
        Tolerance.AssertClose(byHand, loss.Item(), 1e-3, 1e-6, $"BCE with |logit| 1000 on {Target}");
        // d/dz = (sigmoid(z) - t) / N, finite too.
        loss.Backward();
        Tolerance.AssertClose([0, 1 / 6.0, -1 / 6.0, 0, 0.5 / 6, -0.5 / 6], z.Grad!.ToArray(), 1e-6, 1e-5, "BCE gradient at large |logit|");
    }

    [Fact]
    public void MseIsTheMeanOfSquaredDifferences()
    {
        var a = SeededData.Floats(12, seed: 1);
        var b = SeededData.Floats(12, seed: 2);
        double expected = 0;
        for (int i = 0; i < 12; i++) expected += ((double)a[i] - b[i]) * ((double)a[i] - b[i]) / 12;
        using var va = V(a, 3, 4);
        using var vb = V(b, 3, 4);
        using var loss = Functional.MseLoss(va, vb);
        Tolerance.AssertClose(expected, loss.Item(), Atol, Rtol, $"MSE on {Target}");
        using var p = V([1, 2, 3], 3);
        using var q = V([1, 0, 0], 3);
        using var l = Functional.MseLoss(p, q);
        Tolerance.AssertClose(13 / 3.0, l.Item(), Atol, Rtol, "MSE by hand");
    }

    /// <summary>T^2 mean_n sum_c p_c log(p_c / q_c), p = softmax(teacher / T), q = softmax(student / T).</summary>
    private static double KlReference(float[] teacher, float[] student, int n, int c, double t)
    {
        double kl = 0;
        for (int i = 0; i < n; i++)
        {
            var lp = LogSoftmax(teacher.AsSpan(i * c, c), t);
            var lq = LogSoftmax(student.AsSpan(i * c, c), t);
            for (int j = 0; j < c; j++) kl += Math.Exp(lp[j]) * (lp[j] - lq[j]);
        }
        return t * t * kl / n;
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(4f)]
    public void KlDivergenceOfTemperatureSoftmaxesTimesTSquared(float temperature)
    {
        var zt = SeededData.Floats(12, seed: 3, scale: 4);
        var zs = SeededData.Floats(12, seed: 4, scale: 4);
        double expected = KlReference(zt, zs, 3, 4, temperature);
        using var teacher = V(zt, 3, 4);
        using var student = V(zs, 3, 4);
        using var kl = Functional.DistillationKl(student, teacher, temperature);
        Tolerance.AssertClose(expected, kl.Item(), Atol, 1e-4, $"KL T={temperature} on {Target}");
        using var distill = KdganLosses.Distill(student, teacher.Data, DistillLoss.Kl, temperature);
        Tolerance.AssertClose(expected, distill.Item(), Atol, 1e-4, $"Distill KL T={temperature} on {Target}");
        using var same = Functional.DistillationKl(teacher, teacher, temperature);
        Tolerance.AssertClose(0, same.Item(), 1e-6, 0, "KL of a distribution with itself");
    }

    [Fact]
    public void KlDivergenceByHand()
    {
        // p = (1/2, 1/2), q = (3/4, 1/4): KL = 1/2 log(2/3) + 1/2 log 2 = 1/2 log(4/3).
        using var teacher = V([0, 0], 1, 2);
        using var student = V([MathF.Log(3), 0], 1, 2);
        using var kl = Functional.DistillationKl(student, teacher, 1f);
        Tolerance.AssertClose(0.5 * Math.Log(4 / 3.0), kl.Item(), 1e-6, 1e-5, $"KL by hand on {Target}");
        // At T = 2 the logits are halved and the result multiplied by 4: q = (sqrt3, 1) / (sqrt3 + 1).
        using var kl2 = Functional.DistillationKl(student, teacher, 2f);
        double q0 = Math.Sqrt(3) / (Math.Sqrt(3) + 1), q1 = 1 - q0;
        Tolerance.AssertClose(4 * (0.5 * Math.Log(0.5 / q0) + 0.5 * Math.Log(0.5 / q1)), kl2.Item(), 1e-6, 1e-5, "KL by hand at T = 2");
    }

    [Fact]
    public void L2DistillationIsHalfTheSquaredDistanceOverTheBatch()
    {
        using var teacher = Tensor.FromArray([1, 2, 3, 4], [2, 2], Target);
        using var student = new Variable(Tensor.FromArray([0, 2, 1, 1], [2, 2], Target), requiresGrad: true);
        using var loss = KdganLosses.Distill(student, teacher, DistillLoss.L2, temperature: 3f);
        // Differences 1, 0, 2, 3: 0.5 * (1 + 0 + 4 + 9) / 2 = 3.5, and d/dz_s = (z_s - z_t) / batch.
        Tolerance.AssertClose(3.5, loss.Item(), 1e-6, 1e-6, $"L2 distillation on {Target}");
        loss.Backward();
        Tolerance.AssertClose([-0.5, 0, -1, -1.5], student.Grad!.ToArray(), 1e-6, 1e-6, "L2 distillation gradient");

        var zt = SeededData.Floats(15, seed: 5);
        var zs = SeededData.Floats(15, seed: 6);
        double expected = 0;
        for (int i = 0; i < 15; i++) expected += 0.5 * ((double)zt[i] - zs[i]) * ((double)zt[i] - zs[i]) / 5;
        using var t2 = Tensor.FromArray(zt, [5, 3], Target);
        using var s2 = V(zs, 5, 3);
        using var l2 = KdganLosses.Distill(s2, t2, DistillLoss.L2, 1f);
        Tolerance.AssertClose(expected, l2.Item(), Atol, Rtol, "L2 distillation on random logits");
    }
}

public sealed class CpuLossValueTests : LossValueSuite
{
    protected override Device Target => Device.Cpu;
}

public sealed class IlgpuLossValueTests : LossValueSuite
{
    protected override Device Target => Devices.IlgpuCpu;
}
