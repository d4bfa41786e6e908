namespace KdGan.Tensors.Backends;

/// <summary>
/// The fused gradient of softmax(x / T) over the last axis. A backend without it gets the composition in
/// <see cref="SoftmaxGradOps.Composed"/>, which is also the definition: the fused kernel must give its bits.
/// </summary>
public interface ISoftmaxGradKernels
{
    /// <summary>dx = y * (g - sum_j g_j y_j) / T, row by row; y, g and dx contiguous, dx overwritten.</summary>
    void SoftmaxBackward(Tensor y, Tensor g, float temperature, Tensor dx);
}
