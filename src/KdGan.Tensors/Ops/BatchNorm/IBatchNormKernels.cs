namespace KdGan.Tensors.Backends;

/// <summary>
/// Batch normalisation in training mode, fused: x is read as [N, C, S] (axis 1 the channels, S the product of the
/// axes after it; S = 1 for [N, C]), and every statistic is per channel over the M = N * S values of that channel.
/// Arguments arrive validated and contiguous (see <see cref="BatchNormOps"/>); outputs are contiguous and fully
/// overwritten. The spec is <see cref="Reference.ReferenceBatchNorm"/>.
/// </summary>
public interface IBatchNormKernels
{
    /// <summary>
    /// mean_c = (1/M) sum x, var_c = (1/M) sum (x - mean_c)^2 (biased), y = gamma_c (x - mean_c) / sqrt(var_c + eps) + beta_c.
    /// </summary>
    void BatchNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor variance);

    /// <summary>
    /// With xhat = (x - mean) r, r = 1 / sqrt(var + eps): dbeta_c = sum dy, dgamma_c = sum dy xhat, and
    /// dx = gamma r (dy - dbeta / M - xhat dgamma / M) (Ioffe and Szegedy 2015, the backward of their Algorithm 1).
    /// </summary>
    void BatchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor variance, float eps, Tensor dx, Tensor dgamma, Tensor dbeta);
}
