using KdGan.Autograd;
using KdGan.Models.Data;
using KdGan.Models.Training;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>
/// A method without a game: the same epoch in pretraining and in the main phase, so C trains from scratch for
/// pretrainEpochs + epochs (the budget the game methods spend on pretraining C and on the game).
/// </summary>
public abstract class Baseline : IMethodPhases
{
    public EpochLosses PretrainEpoch(TrainingContext ctx) => Epoch(ctx, ctx.Pretraining);
    public EpochLosses MainEpoch(TrainingContext ctx, float tau) => Epoch(ctx, ctx.MainPhase);

    protected abstract EpochLosses Epoch(TrainingContext ctx, DataLoader<IExampleBatch> data);
}
