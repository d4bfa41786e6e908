using KdGan.Models.Data;
using KdGan.Models.Training;
using KdGan.Tensors;
using KdGan.Tensors.Backends;

namespace KdGan.Models.Kdgan.Methods;

/// <summary>
/// NOISY (Sau and Balasubramanian, 2016): MIMIC towards z_T (1 + e) m, with e ~ N(0, 0.1^2) and m a dropout mask of
/// rate 0.1 (no rescaling), drawn afresh for every batch. Under the authors' protocol their gen_model.py: the target is
/// z_T (m / 0.9 + e), TensorFlow's dropout of a ones tensor (kept elements scaled by 1 / 0.9) plus the noise.
/// </summary>
public sealed class NoisyMethod : Baseline
{
    protected override EpochLosses Epoch(TrainingContext ctx, DataLoader<IExampleBatch> data) =>
        new(TrainingStep.Pass(data, ctx.C, b =>
        {
            var teacher = TrainingStep.Frozen(ctx.T, b);
            return KdganLosses.Distill(TrainingStep.Logits(ctx.C, b), Noisy(ctx, teacher), DistillLoss.L2, 1f) * ctx.Weights.CDistill;
        }, ctx));

    private static Tensor Noisy(TrainingContext ctx, Tensor z)
    {
        if (ctx.Config.Protocol == Protocol.Authors) return AuthorsNoisy(ctx, z);
        using var e = ctx.Sample.Randn(z.Shape, z.Device);
        using var e01 = e * 0.1f;
        using var scale = e01 + 1f;
        using var u = ctx.Sample.Rand(z.Shape, z.Device);
        using var keep = u.Apply(UnaryOp.GreaterThanScalar, 0.1f);
        using var noisy = z * scale;
        return noisy * keep;
    }

    private static Tensor AuthorsNoisy(TrainingContext ctx, Tensor z)
    {
        using var u = ctx.Sample.Rand(z.Shape, z.Device);
        using var keep = u.Apply(UnaryOp.GreaterThanScalar, 0.1f);
        using var mask = keep * (1f / 0.9f);
        using var e = ctx.Sample.Randn(z.Shape, z.Device);
        using var e01 = e * 0.1f;
        using var factor = mask + e01;
        return z * factor;
    }
}
