using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Kdgan;

/// <summary>
/// D's loss on one batch under each <see cref="DSampler"/> (Eq. 8 and the authors' utils.py samplers). D(x, y) =
/// sigmoid(g(x)_y); each generator's samples weigh its adversarial weight (alpha for C, 1 - alpha for T, 1 in NaGAN).
/// </summary>
public static class DiscriminatorSamplers
{
    public static Variable Loss(TrainingContext ctx, IExampleBatch batch)
    {
        var w = ctx.Weights;
        var generators = new List<(Player Player, float Weight)> { (ctx.C, w.CAdversarial) };
        if (ctx.HasTeacher) generators.Add((ctx.T, w.TAdversarial));
        var g = TrainingStep.Logits(ctx.D, batch);
        if (ctx.Config.DSampler == DSampler.Balanced)
            return KdganLosses.Discriminator(g, batch.Classes, generators.Select(p => (SampleLabels(ctx, TrainingStep.Frozen(p.Player, batch), null), p.Weight)).ToList());
        Variable? loss = null;
        foreach (var (player, weight) in generators)
        {
            if (weight == 0) continue;
            using var term = Pairs(ctx, g, batch, TrainingStep.Sampled(player, batch));
            var weighted = term * weight;
            loss = loss is null ? weighted : Sum(loss, weighted);
        }
        return loss ?? throw new InvalidOperationException("D has no generator with a nonzero weight to learn from.");
    }

    /// <summary>The pairs of one generator's D step: per example, <see cref="PerExample"/> labels and their targets.</summary>
    public sealed record PairSet(int[] Labels, float[] Targets, int PerExample);

    /// <summary>
    /// The authors' and the soft sampler for one generator: per example the true label <see cref="AuthorsProtocol.Positives"/>
    /// times, then <paramref name="negatives"/> labels drawn from softmax(<paramref name="z"/>) with replacement (the
    /// authors' sampler lets the true label be drawn; the soft one excludes it). Targets: 1 and 0 (authors), U(0.7, 1) and
    /// U(0, 0.3) (soft). Takes ownership of z.
    /// </summary>
    public static PairSet Draw(DSampler sampler, int negatives, Generator sample, IReadOnlyList<int> classes, Tensor z)
    {
        bool soft = sampler == DSampler.Soft;
        int b = classes.Count, pos = AuthorsProtocol.Positives, k = pos + negatives;
        var drawn = SampleLabels(sample, negatives, z, soft ? classes : null);
        var labels = new int[b * k];
        var targets = new float[b * k];
        float[]? u = null;
        if (soft)
        {
            using var draws = sample.Rand([b * k]);
            u = draws.ToArray();
        }
        for (int i = 0; i < b; i++)
            for (int j = 0; j < k; j++)
            {
                int at = i * k + j;
                labels[at] = j < pos ? classes[i] : drawn[i * negatives + j - pos];
                targets[at] = u is null ? (j < pos ? 1f : 0f) : j < pos ? 0.7f + 0.3f * u[at] : 0.3f * u[at];
            }
        return new PairSet(labels, targets, k);
    }

    /// <summary>D's mean BCE over one generator's <see cref="Draw"/>n pairs.</summary>
    public static Variable Pairs(TrainingContext ctx, Variable g, IExampleBatch batch, Tensor z)
    {
        var set = Draw(ctx.Config.DSampler, ctx.Config.DNegatives, ctx.Sample, batch.Classes, z);
        int b = g.Shape[0], c = g.Shape[1], k = set.PerExample;
        using var gu = g.Unsqueeze(1);
        using var rows = gu.Expand([b, k, c]);
        using var picked = rows.Gather(set.Labels);
        using var t = new Variable(Tensor.FromArray(set.Targets, [b, k], g.Device));
        return Functional.BinaryCrossEntropyWithLogits(picked, t);
    }

    /// <summary>
    /// dNegatives labels per example drawn from softmax(<paramref name="z"/>) (Gumbel-max, with replacement), from the
    /// sample stream; with <paramref name="exclude"/>, each example's own label is never drawn. Takes ownership of z.
    /// </summary>
    public static int[] SampleLabels(TrainingContext ctx, Tensor z, IReadOnlyList<int>? exclude) =>
        SampleLabels(ctx.Sample, ctx.Config.DNegatives, z, exclude);

    private static int[] SampleLabels(Generator sample, int k, Tensor z, IReadOnlyList<int>? exclude)
    {
        using (z)
        {
            var logits = z;
            Tensor? masked = null;
            if (exclude is not null)
            {
                var values = z.ToArray();
                int c = z.Shape[1];
                for (int i = 0; i < exclude.Count; i++) values[i * c + exclude[i]] = float.NegativeInfinity;
                logits = masked = Tensor.FromArray(values, z.Shape, z.Device);
            }
            using (masked)
            {
                ulong offset = sample.Reserve(RandomDistribution.Gumbel, logits.NumElements * k);
                using var idx = GumbelOps.GumbelMax(logits, k, sample.Seed, offset);
                return Array.ConvertAll(idx.ToArray(), v => (int)v);
            }
        }
    }

    private static Variable Sum(Variable a, Variable b)
    {
        var s = a + b;
        a.Dispose();
        b.Dispose();
        return s;
    }
}
