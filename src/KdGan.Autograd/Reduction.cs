namespace KdGan.Autograd;

/// <summary>How a loss of <see cref="Functional"/> reduces its per-element terms (PyTorch's <c>reduction</c> argument).</summary>
public enum Reduction
{
    /// <summary>No reduction: the terms, one per element (or per row for the cross-entropies).</summary>
    None,
    /// <summary>The mean over every term: PyTorch's default.</summary>
    Mean,
    /// <summary>The sum of every term.</summary>
    Sum,
    /// <summary>The sum divided by the batch size (axis 0): kl_div only, where it is the KL divergence per example.</summary>
    BatchMean,
}
