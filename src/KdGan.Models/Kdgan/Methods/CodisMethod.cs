using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>
/// CODIS (codistillation, Anil et al., 2018): C and T trained together from scratch, each on its cross-entropy plus w times
/// its distillation towards the other's current (detached) logits.
/// </summary>
public sealed class CodisMethod : Baseline
{
    protected override EpochLosses Epoch(TrainingContext ctx, DataLoader<IExampleBatch> data)
    {
        var (w, cfg) = (ctx.Weights, ctx.Config);
        var sums = new LossSums(2);
        TrainingStep.Pass(sums, data, ctx.C, [ctx.C, ctx.T], b =>
        {
            var zc = TrainingStep.Logits(ctx.C, b);
            var zt = TrainingStep.Logits(ctx.T, b);
            return
            [
                TrainingStep.Supervised(zc, b) + KdganLosses.Distill(zc, zt.Data, cfg.Distill, cfg.Temperature) * w.CDistill,
                TrainingStep.Supervised(zt, b) + KdganLosses.Distill(zt, zc.Data, cfg.Distill, cfg.Temperature) * w.TDistill,
            ];
        }, ctx);
        return new(sums.Mean(0), sums.Mean(1));
    }
}
