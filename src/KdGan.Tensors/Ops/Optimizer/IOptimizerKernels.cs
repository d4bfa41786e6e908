namespace KdGan.Tensors.Backends;

/// <summary>
/// The constants of one Adam step, computed once per step on the host (Kingma and Ba 2015, Algorithm 1, in
/// PyTorch's arrangement): <c>StepSize</c> = lr / (1 - beta1^t), <c>InvSqrtBias2</c> = 1 / sqrt(1 - beta2^t).
/// </summary>
public readonly record struct AdamCoefficients(float Beta1, float Beta2, float Eps, float StepSize, float InvSqrtBias2);

/// <summary>Fused optimiser updates: one pass over a parameter, its gradient and its state, all in place.</summary>
public interface IOptimizerKernels
{
    /// <summary>
    /// One Adam update of contiguous tensors of one shape, element by element, in exactly this float
    /// arithmetic (so it equals the same steps done op by op):
    /// m = m + (g - m)(1 - b1);  v = v b2 + g^2 (1 - b2);  p = p - (m / (sqrt(v) InvSqrtBias2 + eps)) StepSize.
    /// </summary>
    void AdamStep(Tensor param, Tensor grad, Tensor m, Tensor v, AdamCoefficients c);
}
