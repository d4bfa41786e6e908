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
/// classifiers before, by the trainer). Under the authors' protocol D's rewards come from its train-mode logits, each
/// player reads its own augmented stream, and C is evaluated after every C pass.
/// </summary>
public sealed class AdversarialGame : IMethodPhases
{
    public EpochLosses PretrainEpoch(TrainingContext ctx) =>
        new(TrainingStep.Pass(ctx.Pretraining, ctx.C, b => TrainingStep.Supervised(TrainingStep.Logits(ctx.C, b), b), ctx));

    public EpochLosses MainEpoch(TrainingContext ctx, float tau)
    {
        var (cfg, w) = (ctx.Config, ctx.Weights);
        bool teacher = ctx.HasTeacher, authors = cfg.Protocol == Protocol.Authors;

        // D (Eq. 8): the true labels against labels sampled from each generator (DiscriminatorSamplers).
        var d = new LossSums(1);
        for (int p = 0; p < cfg.DPasses; p++)
            TrainingStep.Pass(d, ctx.MainPhaseFor(Role.Discriminator), ctx.D, [ctx.D],
                b => [WeightDecay.Add(DiscriminatorSamplers.Loss(ctx, b), ctx, ctx.D, inGame: true)], ctx);

        // T (Eq. 7): (1 - alpha) times its adversarial term, plus gamma times its distillation towards C.
        var t = new LossSums(1);
        if (teacher)
            for (int p = 0; p < cfg.TPasses; p++)
                TrainingStep.Pass(t, ctx.MainPhaseFor(Role.Teacher), ctx.T, [ctx.T], b =>
                {
                    var dLogits = Rewards(ctx, b);
                    var zc = TrainingStep.Frozen(ctx.C, b);
                    var zt = TrainingStep.Logits(ctx.T, b);
                    var loss = Adversarial(ctx, ctx.Sample, zt, dLogits, w.TAdversarial, tau) + KdganLosses.Distill(zt, zc, cfg.Distill, cfg.Temperature) * w.TDistill;
                    return [WeightDecay.Add(loss, ctx, ctx.T, inGame: true)];
                }, ctx);

        // C (Eq. 6): alpha times its adversarial term (1 in NaGAN), plus beta times its distillation towards T.
        var c = new LossSums(1);
        var evaluations = new List<(double, double)>();
        for (int p = 0; p < cfg.CPasses; p++)
        {
            TrainingStep.Pass(c, ctx.MainPhaseFor(Role.Student), ctx.C, [ctx.C], b =>
            {
                var dLogits = Rewards(ctx, b);
                Tensor? zt = teacher ? TrainingStep.Frozen(ctx.T, b) : null;
                var zc = TrainingStep.Logits(ctx.C, b);
                var loss = Adversarial(ctx, ctx.Sample, zc, dLogits, w.CAdversarial, tau);
                if (zt is not null) loss += KdganLosses.Distill(zc, zt, cfg.Distill, cfg.Temperature) * w.CDistill;
                return [WeightDecay.Add(loss, ctx, ctx.C, inGame: true)];
            }, ctx);
            if (authors) evaluations.Add(ctx.EvaluateC!()); // their eval_interval: every floor(n / B) C steps
        }
        return new(c.Mean(), teacher ? t.Mean() : null, d.Mean())
        {
            PassEvaluations = evaluations.Count > 0 ? evaluations : null,
            Diagnostics = GameProbe.Measure(ctx, tau, (g, z, dLogits, weight) => Adversarial(ctx, g, z, dLogits, weight, tau)),
        };
    }

    /// <summary>D's logits on a batch as the generators' rewards read them: train mode (dropout on) under the authors' protocol, else eval mode.</summary>
    private static Tensor Rewards(TrainingContext ctx, IExampleBatch b) =>
        ctx.Config.Protocol == Protocol.Authors ? TrainingStep.Sampled(ctx.D, b) : TrainingStep.Frozen(ctx.D, b);

    /// <summary>A generator's adversarial term in the configured mode, with Gumbel noise reserved from <paramref name="sample"/>.</summary>
    private static Variable Adversarial(TrainingContext ctx, Generator sample, Variable z, Tensor dLogits, float weight, float tau)
    {
        int b = z.Shape[0], classes = z.Shape[1];
        if (ctx.Config.Mode == AdversarialMode.Gumbel)
            return KdganLosses.GumbelAdversarial(z, dLogits, weight, tau, sample.Seed, sample.Reserve(RandomDistribution.Gumbel, (long)b * classes));
        int k = ctx.Config.RewardSamples;
        return KdganLosses.RewardAdversarial(z, dLogits, weight, k, sample.Seed, sample.Reserve(RandomDistribution.Gumbel, (long)b * classes * k));
    }
}
