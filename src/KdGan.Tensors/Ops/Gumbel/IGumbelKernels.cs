namespace KdGan.Tensors.Backends;

/// <summary>
/// Sampling labels from logits with Gumbel noise drawn inside the pass from the counter-based stream (no noise tensor):
/// the Gumbel-max trick and the Gumbel-softmax relaxation that KDGAN's players exchange (KDGAN.md). Arguments arrive
/// validated (see <see cref="GumbelOps"/>); outputs are contiguous and fully overwritten. The spec is
/// <see cref="Reference.ReferenceGumbel"/>.
/// </summary>
public interface IGumbelKernels
{
    /// <summary>
    /// Categorical samples by the Gumbel-max trick, one fused pass: indices[n, s] = argmax_c (logits[n, c] + g),
    /// g = Gumbel element (s*N + n)*C + c of the stream (seed, offset). logits [N, C], indices [N, S] (as float).
    /// </summary>
    void GumbelMax(Tensor logits, ulong seed, ulong offset, Tensor indices);

    /// <summary>
    /// The Gumbel-softmax (concrete) relaxation, one fused pass: y = softmax((logits + g) / tau) over the last
    /// axis, g = Gumbel element n*C + c of the stream (seed, offset).
    /// </summary>
    void GumbelSoftmax(Tensor logits, float tau, ulong seed, ulong offset, Tensor y);
}
