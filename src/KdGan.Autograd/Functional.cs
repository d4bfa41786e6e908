using KdGan.Tensors;

namespace KdGan.Autograd;

/// <summary>
/// Differentiable composites built from the Functions (like <c>torch.nn.functional</c>): every one is a few
/// recorded ops, so its gradient comes for free and is checked by the same finite-difference tests.
/// Argument order, reductions and defaults are PyTorch's (docs/pytorch-names.md lists what still differs).
/// </summary>
public static partial class Functional
{
    /// <summary>
    /// Applies a loss's reduction to its per-element (or per-row) terms, taking ownership of them: None returns them,
    /// Sum and Mean reduce every element, BatchMean (kl_div's only) divides the sum by the batch size.
    /// </summary>
    private static Variable Reduce(Variable terms, Reduction reduction, string op, bool allowsBatchMean = false)
    {
        if (reduction == Reduction.None) return terms;
        using (terms)
        {
            switch (reduction)
            {
                case Reduction.Sum: return terms.Sum();
                case Reduction.Mean: return terms.Mean();
                case Reduction.BatchMean when allowsBatchMean:
                {
                    // Each example's sum, then their mean: the order of the per-row KL sums (a rank-2 input needs no reshape).
                    using var rows = terms.Rank == 2 ? null : terms.Reshape(terms.Shape[0], -1);
                    using var perExample = (rows ?? terms).Sum(-1);
                    return perExample.Mean();
                }
                default: throw new ArgumentException($"{op}: reduction {reduction} is not one of None, Mean and Sum (BatchMean is KlDiv's only, as in PyTorch).");
            }
        }
    }

    /// <summary>
    /// PyTorch's linear(input, weight, bias): y = input W^T + b for a weight [out, in] and an optional bias [out], over
    /// the last axis of input (any leading axes).
    /// </summary>
    public static Variable Linear(Variable input, Variable weight, Variable? bias = null)
    {
        if (weight.Rank != 2 || input.Rank == 0 || input.Shape[-1] != weight.Shape[1])
            throw new ArgumentException($"linear: input {input.Shape} and weight {weight.Shape} do not match (weight is [out, in], in = the input's last axis).");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
            throw new ArgumentException($"linear: bias {bias.Shape} must be [{weight.Shape[0]}], one per output feature.");
        var y = Variable.Linear(input, weight);
        if (bias is null) return y;
        using (y) return y + bias;
    }

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

    /// <summary>
    /// PyTorch's cross_entropy(input, target) against integer labels: -log softmax(z_n)[y_n] per row of logits [N, C],
    /// then the reduction (mean over the batch by default). As in PyTorch, logits of rank above 2 hold the classes
    /// on axis 1 ([N, C, d1, ...], labels row-major over [N, d1, ...]); a rank-1 input is one example's [C].
    /// </summary>
    public static Variable CrossEntropy(Variable logits, ReadOnlySpan<int> labels, Reduction reduction = Reduction.Mean)
    {
        using var classesLast = ClassesLast(logits);
        using var logp = (classesLast ?? logits).LogSoftmax();
        using var picked = logp.Gather(labels);
        return Reduce(-picked, reduction, nameof(CrossEntropy));
    }

    /// <summary>
    /// Cross-entropy against soft targets q [N, C] (cross_entropy with class probabilities): -sum_c q_nc log softmax(z_n / T)_c
    /// per row, then the reduction. Rank above 2: the classes on axis 1 of both, as in PyTorch.
    /// </summary>
    public static Variable CrossEntropy(Variable logits, Variable targets, float temperature = 1f, Reduction reduction = Reduction.Mean)
    {
        if (logits.Shape != targets.Shape)
            throw new ArgumentException($"CrossEntropy: logits {logits.Shape} and class-probability targets {targets.Shape} differ.");
        using var logitsLast = ClassesLast(logits);
        using var targetsLast = ClassesLast(targets);
        using var logp = (logitsLast ?? logits).LogSoftmax(temperature);
        using var prod = (targetsLast ?? targets) * logp;
        using var perRow = prod.Sum(-1);
        return Reduce(-perRow, reduction, nameof(CrossEntropy));
    }

    /// <summary>
    /// For rank above 2, PyTorch's class axis 1 moved last ([N, C, d1, ...] as [N, d1, ..., C], a view), so that the
    /// row-wise ops see one example-position per row; null when the classes are already last.
    /// </summary>
    private static Variable? ClassesLast(Variable x)
    {
        if (x.Rank <= 2) return null;
        var order = new int[x.Rank];
        for (int d = 0; d < x.Rank; d++) order[d] = d == 0 ? 0 : d == x.Rank - 1 ? 1 : d + 1;
        return x.Permute(order);
    }

    /// <summary>
    /// softplus(x) = log(1 + e^x) (PyTorch's softplus with beta 1), computed stably as max(x, 0) + log(1 + e^-|x|):
    /// e^-|x| never overflows, and for large |x| the result tends to max(x, 0).
    /// </summary>
    public static Variable Softplus(Variable x)
    {
        using var relu = x.Relu();
        using var absX = x.Abs();
        using var negAbs = -absX;
        using var e = negAbs.Exp();
        using var onePlus = e + 1f;
        using var log = onePlus.Log();
        return relu + log;
    }

    /// <summary>
    /// Binary cross-entropy with logits (binary_cross_entropy_with_logits), per element softplus(z) - z t, the stable
    /// form of -[t log sigma(z) + (1 - t) log(1 - sigma(z))], then the reduction (mean over elements by default).
    /// </summary>
    public static Variable BinaryCrossEntropyWithLogits(Variable logits, Variable targets, Reduction reduction = Reduction.Mean)
    {
        using var softplus = Softplus(logits);
        using var zt = logits * targets;
        return Reduce(softplus - zt, reduction, nameof(BinaryCrossEntropyWithLogits));
    }

    /// <summary>mse_loss(input, target): (input - target)^2 per element, then the reduction (mean by default).</summary>
    public static Variable MseLoss(Variable input, Variable target, Reduction reduction = Reduction.Mean)
    {
        using var d = input - target;
        return Reduce(d.Square(), reduction, nameof(MseLoss));
    }

    /// <summary>
    /// PyTorch's kl_div(input, target, reduction, log_target): input holds log-probabilities (of the model being
    /// trained), target probabilities, or log-probabilities with <paramref name="logTarget"/>; per element
    /// target (log target - input), 0 where target is 0. The default reduction, Mean, averages over every element as
    /// PyTorch's does; the KL divergence per example is BatchMean.
    /// </summary>
    public static Variable KlDiv(Variable input, Variable target, Reduction reduction = Reduction.Mean, bool logTarget = false)
    {
        if (input.Shape != target.Shape) throw new ArgumentException($"KlDiv: input {input.Shape} and target {target.Shape} differ.");
        if (logTarget)
        {
            using var p = target.Exp();
            using var gap = target - input;
            return Reduce(p * gap, reduction, nameof(KlDiv), allowsBatchMean: true);
        }
        using var tiny = new Variable(Tensor.Full([], float.Epsilon, target.Data.Device));
        using var safe = Variable.Maximum(target, tiny); // log 0 would make 0 * log 0 NaN; exact for every positive float
        using var logT = safe.Log();
        using var diff = logT - input;
        return Reduce(target * diff, reduction, nameof(KlDiv), allowsBatchMean: true);
    }

    /// <summary>
    /// Hinton et al.'s distillation loss, student first as kl_div's input: T^2 KL(softmax(teacher / T) || softmax(student / T))
    /// per example, averaged over the batch (kl_div(log_softmax(s / T), log_softmax(t / T), "batchmean", log_target=True) T^2).
    /// </summary>
    public static Variable DistillationKl(Variable studentLogits, Variable teacherLogits, float temperature)
    {
        using var logPs = studentLogits.LogSoftmax(temperature);
        using var logPt = teacherLogits.LogSoftmax(temperature);
        using var kl = KlDiv(logPs, logPt, Reduction.BatchMean, logTarget: true);
        return kl * (temperature * temperature);
    }
}
