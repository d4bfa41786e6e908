using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Models.Kdgan;

/// <summary>
/// The loss terms of the three-player game (KDGAN.md). D(x, y) = sigmoid(g(x)_y) reads logit y of D's
/// network. Tensors passed as <see cref="Tensor"/> are constants (no gradient: the other players are frozen).
/// </summary>
public static class KdganLosses
{
    /// <summary>
    /// L_ds(student &lt;- teacher): L2 = 0.5 ||z_t - z_s||^2 averaged over the batch, or
    /// KL = T^2 KL(softmax(z_t / T) || softmax(z_s / T)) averaged over the batch.
    /// </summary>
    public static Variable Distill(Variable student, Tensor teacher, DistillLoss kind, float temperature)
    {
        var t = new Variable(teacher); // a constant wrapper; the caller keeps owning the tensor
        if (kind == DistillLoss.Kl) return Functional.DistillationKl(student, t, temperature);
        using var d = t - student;
        using var sq = d.Square();
        using var sum = sq.Sum();
        return sum * (0.5f / student.Shape[0]);
    }

    /// <summary>log(1 - sigmoid(g)) = -softplus(g), computed stably (<see cref="Functional.Softplus"/>).</summary>
    public static Tensor LogOneMinusSigmoid(Tensor g)
    {
        using var softplus = Functional.Softplus(new Variable(g)); // a constant wrapper; the caller keeps owning g
        return -softplus.Data;
    }

    /// <summary>
    /// Generator adversarial term, Gumbel mode: y = straight-through one-hot Gumbel-softmax sample of z at tau,
    /// loss = weight * mean_b sum_c y_bc log(1 - D(x_b, c)).
    /// </summary>
    public static Variable GumbelAdversarial(Variable z, Tensor dLogits, float weight, float tau, ulong seed, ulong offset)
    {
        using var y = z.GumbelSoftmax(tau, hard: true, seed, offset);
        using var logOneMinusD = new Variable(LogOneMinusSigmoid(dLogits));
        using var prod = y * logOneMinusD;
        using var perExample = prod.Sum(-1);
        using var mean = perExample.Mean();
        return mean * weight;
    }

    /// <summary>
    /// Generator adversarial term, reward mode (the authors' code): draw k labels per example from softmax(z),
    /// read r = D(x, y) for each, loss = weight * mean BCE(z_y, r). No gradient flows through the sampling.
    /// </summary>
    public static Variable RewardAdversarial(Variable z, Tensor dLogits, float weight, int samples, ulong seed, ulong offset)
    {
        int b = z.Shape[0], c = z.Shape[1];
        using var idxT = GumbelOps.GumbelMax(z.Data, samples, seed, offset);
        var idx = Array.ConvertAll(idxT.ToArray(), v => (int)v);
        using var dExpanded = dLogits.Unsqueeze(1);
        using var dRows = dExpanded.Expand([b, samples, c]);
        using var picked = new Variable(dRows.Expand(dRows.Shape)).Gather(idx);
        using var reward = new Variable(picked.Data.Sigmoid());
        using var zUnsq = z.Unsqueeze(1);
        using var zRows = zUnsq.Expand([b, samples, c]);
        using var zPicked = zRows.Gather(idx);
        using var bce = Functional.BinaryCrossEntropyWithLogits(zPicked, reward);
        return bce * weight;
    }

    /// <summary>
    /// D's loss (D ascends U, so it minimises the negative): BCE(g_y_true, 1) + sum_k w_k BCE(g_y, 0) over each
    /// generator's sampled labels (w = alpha for C, 1 - alpha for T), averaged over examples and samples.
    /// </summary>
    public static Variable Discriminator(Variable g, int[] trueLabels, IReadOnlyList<(int[] Labels, float Weight)> negatives)
    {
        int b = g.Shape[0], c = g.Shape[1];
        using var pos = g.Gather(trueLabels);
        using var ones = new Variable(Tensor.Ones(pos.Shape, g.Device));
        var loss = Functional.BinaryCrossEntropyWithLogits(pos, ones);
        foreach (var (labels, weight) in negatives)
        {
            if (weight == 0) continue;
            int k = labels.Length / b;
            using var gu = g.Unsqueeze(1);
            using var rows = gu.Expand([b, k, c]);
            using var neg = rows.Gather(labels);
            using var zeros = new Variable(Tensor.Zeros(neg.Shape, g.Device));
            using var bce = Functional.BinaryCrossEntropyWithLogits(neg, zeros);
            using var weighted = bce * weight;
            var next = loss + weighted;
            loss.Dispose();
            loss = next;
        }
        return loss;
    }
}
