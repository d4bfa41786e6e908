using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Models.Nn;

/// <summary>
/// Batch normalisation over every axis but the channel axis 1 (BatchNorm1d on [N, C], BatchNorm2d on [N, C, H, W]):
/// y = gamma (x - mean) / sqrt(var + eps) + beta with batch statistics in training (biased variance) and the
/// running statistics in eval; running = (1 - momentum) running + momentum batch (unbiased variance), as PyTorch.
/// Training runs the fused kernel (<see cref="Variable.BatchNorm"/>: three passes forward, two backward).
/// </summary>
public sealed class BatchNorm : Layer
{
    private Tensor _runningMean, _runningVar;

    public BatchNorm(int channels, float eps = 1e-5f, float momentum = 0.1f, Device? device = null)
    {
        Channels = channels;
        Eps = eps;
        Momentum = momentum;
        Gamma = RegisterParameter("weight", Tensor.Ones([channels], device));
        Beta = RegisterParameter("bias", Tensor.Zeros([channels], device));
        _runningMean = RegisterBuffer("running_mean", Tensor.Zeros([channels], device));
        _runningVar = RegisterBuffer("running_var", Tensor.Ones([channels], device));
    }

    public int Channels { get; }
    public float Eps { get; }
    public float Momentum { get; }
    public Variable Gamma { get; }
    public Variable Beta { get; }
    public Tensor RunningMean => _runningMean;
    public Tensor RunningVar => _runningVar;

    protected override void OnBufferMoved(string name, Tensor moved)
    {
        if (name == "running_mean") _runningMean = moved;
        else _runningVar = moved;
    }

    public override Variable Forward(Variable x)
    {
        if (x.Rank < 2 || x.Shape[1] != Channels)
            throw new ArgumentException($"BatchNorm({Channels}): expects [N, {Channels}, ...], got {x.Shape}.");
        if (!Training)
        {
            int[] statShape = [1, Channels, .. Enumerable.Repeat(1, x.Rank - 2)];
            using var gamma = Gamma.Reshape(statShape);
            using var beta = Beta.Reshape(statShape);
            using var mean = new Variable(_runningMean.Reshape(statShape));
            using var variance = _runningVar.Reshape(statShape);
            using var std = (variance + Eps).Sqrt();
            using var stdV = new Variable(std.Reshape(statShape));
            using var centred = x - mean;
            using var normed = centred / stdV;
            using var scaled = normed * gamma;
            return scaled + beta;
        }
        long count = x.Data.NumElements / Channels;
        if (count < 2) throw new ArgumentException($"BatchNorm: training needs more than one value per channel, got input {x.Shape}.");
        var (y, batchMean, batchVar) = Variable.BatchNorm(x, Gamma, Beta, Eps);
        using (batchMean)
        using (batchVar)
        using (GradMode.NoGrad())
        {
            using var unbiased = batchVar * (count / (float)(count - 1));
            Blend(_runningMean, batchMean);
            Blend(_runningVar, unbiased);
        }
        return y;
    }

    private void Blend(Tensor running, Tensor batch)
    {
        using var a = running * (1 - Momentum);
        using var b = batch * Momentum;
        using var sum = a + b;
        running.CopyFrom(sum);
    }
}
