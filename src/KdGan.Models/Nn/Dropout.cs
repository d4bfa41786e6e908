using KdGan.Autograd;
using KdGan.Tensors;
using KdGan.Tensors.Backends;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Nn;

/// <summary>
/// Inverted dropout: in training, y = x * m / (1 - p) with m_i = [u_i &gt;= p], u ~ U[0, 1) from the counter-based
/// generator (so the mask is the same on every backend for the same seed and offset); identity in eval mode.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly Generator _gen;

    public Dropout(float p, Generator gen)
    {
        if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p must be in [0, 1), got {p}.");
        P = p;
        _gen = gen;
    }

    public float P { get; }

    public override Variable Forward(Variable x)
    {
        if (!Training || P == 0) return x.Reshape(x.Shape.ToArray());
        using var u = _gen.Rand(x.Shape, x.Device);
        using var keep = u.Apply(UnaryOp.GreaterThanScalar, MathF.BitDecrement(P)); // u >= p
        using var mask = new Variable(keep * (1f / (1f - P)));
        return x * mask;
    }
}
