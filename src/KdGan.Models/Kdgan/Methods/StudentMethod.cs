using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>STUDENT: C on its cross-entropy alone.</summary>
public sealed class StudentMethod : Baseline
{
    protected override EpochLosses Epoch(TrainingContext ctx, DataLoader<IExampleBatch> data) =>
        new(TrainingStep.Pass(data, ctx.C, b => TrainingStep.Supervised(TrainingStep.Logits(ctx.C, b), b) * ctx.Weights.CrossEntropy, ctx));
}
