using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>
/// Algorithm 1 of the paper: KDGAN's three-player game, and NaGAN's two-player one (no T; C's samples are D's only
/// negatives). Each outer epoch makes dPasses passes of D, tPasses of T (KDGAN) and cPasses of C over the labelled data;
/// every player reads the others frozen. Pretraining trains C on its cross-entropy (T and D are pretrained as
/// classifiers before, by the trainer).
/// </summary>
public sealed class AdversarialGame : IMethodPhases
{
    public EpochLosses PretrainEpoch(TrainingContext ctx) =>
        new(TrainingStep.Pass(ctx.Pretraining, ctx.C, b => Functional.CrossEntropy(TrainingStep.Logits(ctx.C, b), b.Classes), ctx));

    public EpochLosses MainEpoch(TrainingContext ctx, float tau)
    {
        var (cfg, w, data) = (ctx.Config, ctx.Weights, ctx.MainPhase);
        bool teacher = ctx.HasTeacher;

        // D (Eq. 8): the true labels against k labels sampled from each generator, weighted alpha (C) and 1 - alpha (T).
        var d = new LossSums(1);
        for (int p = 0; p < cfg.DPasses; p++)
            TrainingStep.Pass(d, data, ctx.D, [ctx.D], b =>
            {
                var negatives = new List<(int[], float)> { (SampleLabels(ctx, ctx.C, b), w.CAdversarial) };
                if (teacher) negatives.Add((SampleLabels(ctx, ctx.T, b), w.TAdversarial));
                return [KdganLosses.Discriminator(TrainingStep.Logits(ctx.D, b), b.Classes, negatives)];
            }, ctx);

        // T (Eq. 7): (1 - alpha) times its adversarial term, plus gamma times its distillation towards C.
        var t = new LossSums(1);
        if (teacher)
            for (int p = 0; p < cfg.TPasses; p++)
                TrainingStep.Pass(t, data, ctx.T, [ctx.T], b =>
                {
                    var dLogits = TrainingStep.Frozen(ctx.D, b);
                    var zc = TrainingStep.Frozen(ctx.C, b);
                    var zt = TrainingStep.Logits(ctx.T, b);
                    return [Adversarial(ctx, zt, dLogits, w.TAdversarial, tau) + KdganLosses.Distill(zt, zc, cfg.Distill, cfg.Temperature) * w.TDistill];
                }, ctx);

        // C (Eq. 6): alpha times its adversarial term (1 in NaGAN), plus beta times its distillation towards T.
        var c = new LossSums(1);
        for (int p = 0; p < cfg.CPasses; p++)
            TrainingStep.Pass(c, data, ctx.C, [ctx.C], b =>
            {
                var dLogits = TrainingStep.Frozen(ctx.D, b);
                Tensor? zt = teacher ? TrainingStep.Frozen(ctx.T, b) : null;
                var zc = TrainingStep.Logits(ctx.C, b);
                var loss = Adversarial(ctx, zc, dLogits, w.CAdversarial, tau);
                if (zt is not null) loss += KdganLosses.Distill(zc, zt, cfg.Distill, cfg.Temperature) * w.CDistill;
                return [loss];
            }, ctx);
        return new(c.Mean(), teacher ? t.Mean() : null, d.Mean());
    }

    /// <summary>A generator's adversarial term in the configured mode, with Gumbel noise reserved from the run's sample stream.</summary>
    private static Variable Adversarial(TrainingContext ctx, Variable z, Tensor dLogits, float weight, float tau)
    {
        int b = z.Shape[0], classes = z.Shape[1];
        var sample = ctx.Sample;
        if (ctx.Config.Mode == AdversarialMode.Gumbel)
            return KdganLosses.GumbelAdversarial(z, dLogits, weight, tau, sample.Seed, sample.Reserve(RandomDistribution.Gumbel, (long)b * classes));
        int k = ctx.Config.RewardSamples;
        return KdganLosses.RewardAdversarial(z, dLogits, weight, k, sample.Seed, sample.Reserve(RandomDistribution.Gumbel, (long)b * classes * k));
    }

    /// <summary>dNegatives labels per example drawn from softmax of a generator's logits (eval mode).</summary>
    private static int[] SampleLabels(TrainingContext ctx, Player generator, IExampleBatch batch)
    {
        int k = ctx.Config.DNegatives;
        using var z = TrainingStep.Frozen(generator, batch);
        ulong offset = ctx.Sample.Reserve(RandomDistribution.Gumbel, z.NumElements * k);
        using var idx = LayerOps.GumbelMax(z, k, ctx.Sample.Seed, offset);
        return Array.ConvertAll(idx.ToArray(), v => (int)v);
    }
}
