using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>
/// DISTN (Hinton et al., 2015): (1 - p) CE(C) + p T^2 KL(softmax(z_T / T) || softmax(z_C / T)), T frozen. Under the authors'
/// protocol their gen_model.py: (1 - p) CE / B + p T^2 MSE(z_T / T, z_C / T) / B, MSE the mean over the B x classes
/// elements, so T cancels: p mean((z_T - z_C)^2) / B.
/// </summary>
public sealed class DistnMethod : Baseline
{
    protected override EpochLosses Epoch(TrainingContext ctx, DataLoader<IExampleBatch> data) =>
        new(TrainingStep.Pass(data, ctx.C, b =>
        {
            var (w, cfg) = (ctx.Weights, ctx.Config);
            var teacher = TrainingStep.Frozen(ctx.T, b);
            var zc = TrainingStep.Logits(ctx.C, b);
            if (cfg.Protocol == Protocol.Authors)
            {
                float batch = zc.Shape[0];
                using var t = new Variable(teacher);
                using var d = t - zc;
                using var sq = d.Square();
                using var mse = sq.Mean();
                return TrainingStep.Supervised(zc, b) * (w.CrossEntropy / batch) + mse * (w.CDistill / batch);
            }
            return TrainingStep.Supervised(zc, b) * w.CrossEntropy + KdganLosses.Distill(zc, teacher, DistillLoss.Kl, cfg.Temperature) * w.CDistill;
        }, ctx));
}
