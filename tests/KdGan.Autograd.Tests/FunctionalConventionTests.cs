using System.Reflection;
using KdGan.Tensors;

namespace KdGan.Autograd.Tests;

/// <summary>
/// The losses of <see cref="Functional"/> keep PyTorch's argument order, reductions and defaults (torch.nn.functional's
/// documented formulas, computed here by hand): kl_div(input = log q, target = p), every reduction, zero targets, and
/// each default as PyTorch documents it.
/// </summary>
public sealed class FunctionalConventionTests
{
    private static Variable V(float[] values, params int[] shape) => new(Tensor.FromArray(values, shape), requiresGrad: true);

    private static void Close(double expected, float actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 + 1e-5 * Math.Abs(expected), $"{what}: {actual}, expected {expected}");

    [Fact]
    public void KlDivTakesTheLogProbabilitiesFirstAndReducesAsPyTorch()
    {
        double[] p = [0.5, 0.5, 0.9, 0.1], q = [0.75, 0.25, 0.5, 0.5];
        var terms = p.Zip(q, (pi, qi) => pi * Math.Log(pi / qi)).ToArray();
        using var input = V(q.Select(v => (float)Math.Log(v)).ToArray(), 2, 2);
        using var target = V(p.Select(v => (float)v).ToArray(), 2, 2);
        using (var mean = Functional.KlDiv(input, target)) Close(terms.Average(), mean.Item(), "kl_div default (mean over the 4 elements)");
        using (var batch = Functional.KlDiv(input, target, Reduction.BatchMean)) Close(terms.Sum() / 2, batch.Item(), "kl_div batchmean");
        using (var sum = Functional.KlDiv(input, target, Reduction.Sum)) Close(terms.Sum(), sum.Item(), "kl_div sum");
        using (var none = Functional.KlDiv(input, target, Reduction.None))
        {
            Assert.Equal(new Shape(2, 2), none.Shape);
            for (int i = 0; i < 4; i++) Close(terms[i], none.ToArray()[i], $"kl_div none, element {i}");
        }
        using var logTarget = V(p.Select(v => (float)Math.Log(v)).ToArray(), 2, 2);
        using (var viaLog = Functional.KlDiv(input, logTarget, Reduction.BatchMean, logTarget: true)) Close(terms.Sum() / 2, viaLog.Item(), "kl_div log_target");
    }

    [Fact]
    public void LinearIsInputTimesTheTransposedWeightPlusBias()
    {
        // x [2, 3], W [out 2, in 3], b [2]: y[n, o] = sum_i x[n, i] W[o, i] + b[o].
        float[] x = [1, 2, 3, -1, 0, 2], w = [0.5f, -1, 2, 1, 1, 1], b = [0.25f, -3];
        using var input = V(x, 2, 3);
        using var weight = V(w, 2, 3);
        using var bias = V(b, 2);
        using var y = Functional.Linear(input, weight, bias);
        Assert.Equal(new Shape(2, 2), y.Shape);
        var got = y.ToArray();
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 2; o++)
                Close(x[n * 3] * w[o * 3] + x[n * 3 + 1] * w[o * 3 + 1] + x[n * 3 + 2] * w[o * 3 + 2] + b[o], got[n * 2 + o], $"linear y[{n}, {o}]");
        using var noBias = Functional.Linear(input, weight);
        Close(got[0] - b[0], noBias.ToArray()[0], "linear without bias");
        Assert.Contains("do not match", Assert.Throws<ArgumentException>(() => Functional.Linear(weight, input.Reshape(3, 2))).Message);
    }

    [Fact]
    public void AZeroTargetContributesZeroNotNaN()
    {
        using var input = V([MathF.Log(0.5f), MathF.Log(0.5f)], 1, 2);
        using var target = V([1f, 0f], 1, 2);
        using var kl = Functional.KlDiv(input, target, Reduction.Sum);
        Close(Math.Log(2), kl.Item(), "1 log(1 / 0.5) + 0 log 0 (= 0, as torch.xlogy)");
        kl.Backward();
        Assert.All(input.Grad!.ToArray(), g => Assert.True(float.IsFinite(g)));
        Close(-1, input.Grad!.ToArray()[0], "d/d input = -target");
    }

    [Fact]
    public void EveryLossTakesAReductionWithPyTorchsDefault()
    {
        using var z = V([2f, -1f, 0.5f, 0f, 1f, -2f], 2, 3);
        int[] labels = [0, 2];
        double ce0 = -Math.Log(Math.Exp(2) / (Math.Exp(2) + Math.Exp(-1) + Math.Exp(0.5))), ce1 = -Math.Log(Math.Exp(-2) / (1 + Math.E + Math.Exp(-2)));
        using (var none = Functional.CrossEntropy(z, labels, Reduction.None)) { Close(ce0, none.ToArray()[0], "ce row 0"); Close(ce1, none.ToArray()[1], "ce row 1"); }
        using (var sum = Functional.CrossEntropy(z, labels, Reduction.Sum)) Close(ce0 + ce1, sum.Item(), "ce sum");
        using (var mean = Functional.CrossEntropy(z, labels)) Close((ce0 + ce1) / 2, mean.Item(), "ce default mean");
        using var t = V([1f, 0f, 1f, 0f, 0f, 1f], 2, 3);
        using (var none = Functional.BinaryCrossEntropyWithLogits(z, t, Reduction.None))
            Close(Math.Log(1 + Math.Exp(-2)), none.ToArray()[0], "bce element 0: softplus(-z) for t = 1");
        using (var mse = Functional.MseLoss(z, t, Reduction.Sum)) Close(1 + 1 + 0.25 + 0 + 1 + 9, mse.Item(), "mse sum");
        var e = Assert.Throws<ArgumentException>(() => Functional.MseLoss(z, t, Reduction.BatchMean));
        Assert.Contains("BatchMean is KlDiv's only", e.Message);

        // The defaults, as torch.nn.functional documents them: reduction='mean', log_target=False, temperature 1.
        foreach (var m in typeof(Functional).GetMethods(BindingFlags.Public | BindingFlags.Static))
            foreach (var p in m.GetParameters().Where(p => p.ParameterType == typeof(Reduction)))
                Assert.True(Equals(p.DefaultValue, Reduction.Mean), $"{m.Name}: reduction defaults to {p.DefaultValue}, PyTorch's is mean");
        Assert.Equal(false, typeof(Functional).GetMethod(nameof(Functional.KlDiv))!.GetParameters().Single(p => p.Name == "logTarget").DefaultValue);
    }

    [Fact]
    public void BatchNormUpdatesTheRunningStatisticsAsPyTorch()
    {
        // x [N 4, C 2]: channel 0 holds 1, 2, 3, 6 (mean 3, biased var 3.5, unbiased 14 / 3), channel 1 holds 0.
        using var x = V([1, 0, 2, 0, 3, 0, 6, 0], 4, 2);
        using var runningMean = Tensor.FromArray(new float[] { 0, 1 });
        using var runningVar = Tensor.FromArray(new float[] { 1, 1 });
        using (var y = Functional.BatchNorm(x, runningMean, runningVar, training: true))
        {
            var values = y.ToArray();
            Close((1 - 3) / Math.Sqrt(3.5 + 1e-5), values[0], "training normalises with the batch's biased variance");
            Close(0, values[1], "a constant channel normalises to 0");
        }
        Close(0.1 * 3, runningMean.ToArray()[0], "running_mean = 0.9 * 0 + 0.1 * 3 (momentum 0.1)");
        Close(0.9 * 1, runningMean.ToArray()[1], "running_mean = 0.9 * 1 + 0.1 * 0");
        Close(0.9 + 0.1 * 14 / 3.0, runningVar.ToArray()[0], "running_var takes the unbiased variance");
        using (var eval = Functional.BatchNorm(x, runningMean, runningVar)) // training: false, PyTorch's default
            Close((1 - 0.3) / Math.Sqrt(0.9 + 0.1 * 14 / 3.0 + 1e-5), eval.ToArray()[0], "eval normalises with the running statistics");
        var e = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(x, null, null));
        Assert.Contains("running_mean", e.Message);
        var p = typeof(Functional).GetMethod(nameof(Functional.BatchNorm))!.GetParameters();
        Assert.Equal(false, p.Single(q => q.Name == "training").DefaultValue);
        Assert.Equal(0.1f, p.Single(q => q.Name == "momentum").DefaultValue);
        Assert.Equal(1e-5f, p.Single(q => q.Name == "eps").DefaultValue);
    }

    [Fact]
    public void DistillationKlTakesTheStudentFirst()
    {
        using var student = V([MathF.Log(3), 0], 1, 2);
        using var teacher = V([0, 0], 1, 2);
        using var kl = Functional.DistillationKl(student, teacher, 1f);
        Close(0.5 * Math.Log(4 / 3.0), kl.Item(), "KL(teacher (1/2, 1/2) || student (3/4, 1/4))"); // swapped it would be KL(q || p)
    }
}
