using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Models.Optim;

/// <summary>Gradient clipping by global norm (torch.nn.utils.clip_grad_norm_).</summary>
public static class GradClip
{
    /// <summary>
    /// Scales every gradient by min(1, maxNorm / (total + 1e-6)), where total is the L2 norm of all gradients
    /// together. Returns the norm before clipping.
    /// </summary>
    public static float ClipByNorm(IEnumerable<Variable> parameters, float maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), $"ClipByNorm: maxNorm must be > 0, got {maxNorm}.");
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        double sumSquares = 0;
        foreach (var g in grads)
        {
            using var sq = g.Square();
            using var s = sq.Sum();
            sumSquares += s.Item();
        }
        float total = (float)Math.Sqrt(sumSquares);
        float coef = maxNorm / (total + 1e-6f);
        if (coef < 1f)
            foreach (var g in grads)
            {
                using var scaled = g * coef;
                g.CopyFrom(scaled);
            }
        return total;
    }
}
