using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>
/// What the game's numbers alone do not show, measured after each game epoch without touching the run's random streams,
/// dropout streams or optimizer state (so a run's losses and scores are the same with or without it):
/// <list type="bullet">
/// <item>D's mean score sigmoid(g(x)_y) of the true labels and of the wrong ones, over the labelled examples in eval
/// mode. At the balanced sampler's equilibrium both approach 1/2; the authors' 5:20 sampler's optimum is 0.2 on the true
/// label and 0 on the others.</item>
/// <item>||d(adversarial term)/d theta_C|| / ||d(distillation term)/d theta_C||, both weighted as in C's loss, on the
/// first labelled batch with C in eval mode: whether the adversarial term moves C at all (KDGAN only).</item>
/// </list>
/// </summary>
public static class GameProbe
{
    public static GameDiagnostics Measure(TrainingContext ctx, float tau, Func<Generator, Variable, Tensor, float, Variable> adversarial)
    {
        double sumTrue = 0, sumWrong = 0;
        long nTrue = 0, nWrong = 0;
        foreach (var batch in ctx.Pretraining.Epoch(0))
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                using var g = TrainingStep.Frozen(ctx.D, batch);
                using var s = g.Sigmoid();
                var v = s.ToArray();
                int c = g.Shape[1];
                for (int i = 0; i < batch.Classes.Length; i++)
                    for (int j = 0; j < c; j++)
                        if (j == batch.Classes[i]) { sumTrue += v[i * c + j]; nTrue++; }
                        else { sumWrong += v[i * c + j]; nWrong++; }
            }
        return new GameDiagnostics(sumTrue / Math.Max(1, nTrue), sumWrong / Math.Max(1, nWrong), ctx.HasTeacher ? GradientRatio(ctx, adversarial) : null);
    }

    private static double? GradientRatio(TrainingContext ctx, Func<Generator, Variable, Tensor, float, Variable> adversarial)
    {
        var (cfg, w, player) = (ctx.Config, ctx.Weights, ctx.C);
        // Its own noise: the probe must not move the run's sample stream.
        var noise = new Generator(PhiloxRandom.Mix(ctx.Sample.Seed, 0x70726F6265, (ulong)ctx.Position.Epoch)); // "probe"
        using var batch = ctx.Pretraining.Epoch(0).First();
        using var scope = TensorScope.Begin();
        var dLogits = TrainingStep.Frozen(ctx.D, batch);
        var zt = TrainingStep.Frozen(ctx.T, batch);
        double Norm(Func<Variable, Variable> term)
        {
            player.Net.Eval();
            player.Net.ZeroGrad();
            var zc = TrainingStep.Logits(player, batch);
            term(zc).Backward();
            double sq = 0;
            foreach (var p in player.Net.Parameters())
                if (p.Grad is { } grad)
                {
                    using var g2 = grad * grad;
                    using var s = g2.Sum();
                    sq += s.Item();
                }
            player.Net.ZeroGrad();
            return Math.Sqrt(sq);
        }
        double adv = Norm(zc => adversarial(noise, zc, dLogits, w.CAdversarial));
        double distill = Norm(zc => KdganLosses.Distill(zc, zt, cfg.Distill, cfg.Temperature) * w.CDistill);
        return distill > 0 ? adv / distill : null;
    }
}
