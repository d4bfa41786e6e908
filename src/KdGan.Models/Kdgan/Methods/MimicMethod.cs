using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>MIMIC (Ba and Caruana, 2014): C regresses the frozen pretrained teacher's logits, 0.5 ||z_T - z_C||^2.</summary>
public sealed class MimicMethod : Baseline
{
    protected override EpochLosses Epoch(TrainingContext ctx, DataLoader<IExampleBatch> data) =>
        new(TrainingStep.Pass(data, ctx.C, b =>
        {
            var teacher = TrainingStep.Frozen(ctx.T, b);
            return KdganLosses.Distill(TrainingStep.Logits(ctx.C, b), teacher, DistillLoss.L2, 1f) * ctx.Weights.CDistill;
        }, ctx));
}
