using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

/// <summary>
/// Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017): y = softmax((z + g) / tau), g ~ Gumbel(0, 1) from
/// (seed, offset). With <c>hard</c>, the forward value is the one-hot argmax of y while the backward pass uses
/// the gradient of the soft y (straight-through). Either way dz = y (dy - sum(dy y)) / tau.
/// </summary>
internal sealed class GumbelSoftmaxFunction : Function
{
    private Tensor _y = null!;
    private float _tau;

    public static Variable Apply(Variable logits, float tau, bool hard, ulong seed, ulong offset)
    {
        var soft = GumbelOps.GumbelSoftmax(logits.Data, tau, seed, offset);
        var fn = new GumbelSoftmaxFunction { _tau = tau };
        if (ShouldRecord(logits)) fn._y = fn.Save(soft);
        if (!hard) return fn.Record(soft, logits);
        using (soft) return fn.Record(OneHotOfArgMax(soft), logits);
    }

    /// <summary>One-hot rows marking each row's (first) maximum.</summary>
    internal static Tensor OneHotOfArgMax(Tensor y)
    {
        using var idx = y.ArgMax(-1, keepDim: true);
        using var classes = Tensor.Arange(0, y.Shape[-1], 1, y.Device);
        return Tensor.Apply(Tensors.Backends.BinaryOp.Equal, classes, idx);
    }

    /// <summary>The soft sample is softmax((logits + noise) / tau): its gradient is the softmax's at temperature tau.</summary>
    protected internal override Tensor?[] Backward(Tensor g) => [SoftmaxGradOps.SoftmaxBackward(_y, g, _tau)];
}
