using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>DISTN (Hinton et al., 2015): (1 - p) CE(C) + p T^2 KL(softmax(z_T / T) || softmax(z_C / T)), T frozen.</summary>
public sealed class DistnMethod : Baseline
{
    protected override EpochLosses Epoch(TrainingContext ctx, DataLoader<IExampleBatch> data) =>
        new(TrainingStep.Pass(data, ctx.C, b =>
        {
            var (w, cfg) = (ctx.Weights, ctx.Config);
            var teacher = TrainingStep.Frozen(ctx.T, b);
            var zc = TrainingStep.Logits(ctx.C, b);
            return Functional.CrossEntropy(zc, b.Classes) * w.CrossEntropy + KdganLosses.Distill(zc, teacher, DistillLoss.Kl, cfg.Temperature) * w.CDistill;
        }, ctx));
}
