namespace KdGan.Models.Optim;

/// <summary>
/// Sets an optimizer's learning rate from the epoch count, like torch.optim.lr_scheduler: call
/// <see cref="Step"/> once per epoch, after that epoch's optimizer steps.
/// </summary>
public abstract class LrScheduler(Optimizer optimizer)
{
    public Optimizer Optimizer { get; } = optimizer;
    public float BaseLearningRate { get; } = optimizer.LearningRate;

    /// <summary>Epochs completed (the argument of <see cref="LearningRateAt"/>).</summary>
    public int Epoch { get; private set; }

    /// <summary>The learning rate after <paramref name="epoch"/> epochs.</summary>
    public abstract float LearningRateAt(int epoch);

    public void Step()
    {
        Epoch++;
        Optimizer.LearningRate = LearningRateAt(Epoch);
    }

    /// <summary>Jumps to <paramref name="epoch"/> (when resuming from a checkpoint).</summary>
    public void SetEpoch(int epoch)
    {
        Epoch = epoch;
        Optimizer.LearningRate = LearningRateAt(epoch);
    }
}

/// <summary>lr = base (no change).</summary>
public sealed class ConstantLr(Optimizer optimizer) : LrScheduler(optimizer)
{
    public override float LearningRateAt(int epoch) => BaseLearningRate;
}

/// <summary>lr = base * gamma^epoch (torch ExponentialLR).</summary>
public sealed class ExponentialLr(Optimizer optimizer, float gamma) : LrScheduler(optimizer)
{
    public float Gamma { get; } = gamma > 0 ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), $"ExponentialLr: gamma must be > 0, got {gamma}.");
    public override float LearningRateAt(int epoch) => (float)(BaseLearningRate * Math.Pow(Gamma, epoch));
}

/// <summary>lr = base * gamma^floor(epoch / stepSize) (torch StepLR).</summary>
public sealed class StepLr(Optimizer optimizer, int stepSize, float gamma) : LrScheduler(optimizer)
{
    public int StepSize { get; } = stepSize > 0 ? stepSize : throw new ArgumentOutOfRangeException(nameof(stepSize), $"StepLr: step size must be > 0, got {stepSize}.");
    public float Gamma { get; } = gamma;
    public override float LearningRateAt(int epoch) => (float)(BaseLearningRate * Math.Pow(Gamma, epoch / StepSize));
}
