using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Models.Nn;

/// <summary>
/// Batch normalisation over every axis but the channel axis 1 (BatchNorm1d on [N, C], BatchNorm2d on [N, C, H, W]):
/// y = gamma (x - mean) / sqrt(var + eps) + beta with batch statistics in training (biased variance) and the
/// running statistics in eval; running = (1 - momentum) running + momentum batch (unbiased variance), as PyTorch.
/// The arithmetic is <see cref="Functional.BatchNorm"/>'s (training runs the fused kernel: three passes forward, two
/// backward).
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
        return Functional.BatchNorm(x, _runningMean, _runningVar, Gamma, Beta, Training, Momentum, Eps);
    }
}
