using KdGan.Tensors;

namespace KdGan.Autograd;

/// <summary>
/// Differentiable composites built from the Functions (like <c>torch.nn.functional</c>): every one is a few
/// recorded ops, so its gradient comes for free and is checked by the same finite-difference tests.
/// Reductions follow PyTorch's defaults (mean over the batch).
/// </summary>
public static class Functional
{
    /// <summary>log sum_j exp(x_j) over the last axis, stable: m + log sum_j exp(x_j - m).</summary>
    public static Variable LogSumExp(Variable x)
    {
        using var m = new Variable(x.Data.Max(-1, keepDim: true)); // a constant shift: no gradient needed
        using var shifted = x - m;
        using var e = shifted.Exp();
        using var s = e.Sum(-1);
        using var l = s.Log();
        using var mFlat = m.Reshape(l.Shape.ToArray());
        return l + mFlat;
    }

    /// <summary>Cross-entropy of logits [N, C] against integer labels: mean_n -log softmax(z_n)[y_n].</summary>
    public static Variable CrossEntropy(Variable logits, ReadOnlySpan<int> labels)
    {
        using var logp = logits.LogSoftmax();
        using var picked = logp.Gather(labels);
        using var mean = picked.Mean();
        return -mean;
    }

    /// <summary>Cross-entropy against soft targets q [N, C]: mean_n -sum_c q_nc log softmax(z_n / T)_c.</summary>
    public static Variable CrossEntropy(Variable logits, Variable targets, float temperature = 1f)
    {
        using var logp = logits.LogSoftmax(temperature);
        using var prod = targets * logp;
        using var perRow = prod.Sum(-1);
        using var mean = perRow.Mean();
        return -mean;
    }

    /// <summary>
    /// Binary cross-entropy with logits, mean over elements: max(z, 0) - z t + log(1 + e^-|z|),
    /// the stable form of -[t log sigma(z) + (1 - t) log(1 - sigma(z))].
    /// </summary>
    public static Variable BinaryCrossEntropyWithLogits(Variable logits, Variable targets)
    {
        using var relu = logits.Relu();
        using var zt = logits * targets;
        using var absZ = logits.Abs();
        using var negAbs = -absZ;
        using var e = negAbs.Exp();
        using var onePlus = e + 1f;
        using var softplus = onePlus.Log();
        using var a = relu - zt;
        using var sum = a + softplus;
        return sum.Mean();
    }

    /// <summary>Mean squared error over all elements.</summary>
    public static Variable MseLoss(Variable a, Variable b)
    {
        using var d = a - b;
        using var d2 = d.Square();
        return d2.Mean();
    }

    /// <summary>
    /// KL(softmax(teacher / T) || softmax(student / T)) * T^2, averaged over the batch (Hinton et al.'s
    /// distillation loss; PyTorch's kl_div with reduction "batchmean", times T^2).
    /// </summary>
    public static Variable KlDivergence(Variable teacherLogits, Variable studentLogits, float temperature)
    {
        using var logPt = teacherLogits.LogSoftmax(temperature);
        using var logPs = studentLogits.LogSoftmax(temperature);
        using var pt = logPt.Exp();
        using var diff = logPt - logPs;
        using var terms = pt * diff;
        using var perRow = terms.Sum(-1);
        using var mean = perRow.Mean();
        return mean * (temperature * temperature);
    }
}
