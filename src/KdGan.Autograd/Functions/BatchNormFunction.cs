using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

/// <summary>
/// Training-mode batch norm, fused (<see cref="BatchNormOps"/>): y = gamma (x - mean) / sqrt(var + eps) + beta with the
/// batch statistics of each channel (axis 1). Backward (the gradient of Ioffe and Szegedy's Algorithm 1):
/// dbeta = sum dy, dgamma = sum dy xhat, dx = gamma r (dy - mean(dy) - xhat mean(dy xhat)), r = 1 / sqrt(var + eps),
/// the means over the channel's N * S values. The batch mean and variance come back beside y, for running statistics.
/// </summary>
internal sealed class BatchNormFunction : Function
{
    private Tensor _x = null!, _gamma = null!, _mean = null!, _variance = null!;
    private float _eps;

    public static (Variable Y, Tensor Mean, Tensor Variance) Apply(Variable x, Variable gamma, Variable beta, float eps)
    {
        var (y, mean, variance) = BatchNormOps.Forward(x.Data, gamma.Data, beta.Data, eps);
        var fn = new BatchNormFunction { _eps = eps };
        if (ShouldRecord(x, gamma, beta))
        {
            fn._x = fn.Save(x.Data);
            fn._gamma = fn.Save(gamma.Data);
            fn._mean = fn.Save(mean);
            fn._variance = fn.Save(variance);
        }
        return (fn.Record(y, x, gamma, beta), mean, variance);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        var (dx, dgamma, dbeta) = BatchNormOps.Backward(g, _x, _gamma, _mean, _variance, _eps);
        Tensor?[] grads = [dx, dgamma, dbeta];
        for (int i = 0; i < grads.Length; i++)
            if (!NeedsGrad(i)) { grads[i]!.Dispose(); grads[i] = null; }
        return grads;
    }
}
