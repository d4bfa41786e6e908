using KdGan.Autograd;
using KdGan.Tensors;
using KdGan.Tensors.Backends;

namespace KdGan.Models.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015) with PyTorch's exact update (torch.optim.Adam / AdamW, single-tensor path), step t:
/// g = g + wd p (Adam) or p = p (1 - lr wd) (decoupled, AdamW);
/// m = m + (1 - b1)(g - m);  v = b2 v + (1 - b2) g^2;
/// p = p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// Defaults: b1 0.9, b2 0.999, eps 1e-8.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Tensor?[] _m, _v;

    public Adam(IEnumerable<Variable> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 0f, bool decoupledWeightDecay = false)
        : base(parameters, learningRate)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam: beta1 must be in [0, 1), got {beta1}.");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), $"Adam: beta2 must be in [0, 1), got {beta2}.");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), $"Adam: eps must be >= 0, got {eps}.");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"Adam: weight decay must be >= 0, got {weightDecay}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupledWeightDecay;
        _m = new Tensor?[Parameters.Count];
        _v = new Tensor?[Parameters.Count];
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Eps { get; }
    public float WeightDecay { get; }
    public bool Decoupled { get; }

    protected override void Update(int i, Tensor p, Tensor g)
    {
        long t = StepCount;
        if (WeightDecay != 0)
        {
            if (Decoupled)
            {
                using var shrunk = p * (1 - LearningRate * WeightDecay);
                p.CopyFrom(shrunk);
            }
            else g = g + p * WeightDecay;
        }
        var m = _m[i] ??= NewState(p);
        var v = _v[i] ??= NewState(p);
        double bc1 = 1 - Math.Pow(Beta1, t), bc2 = 1 - Math.Pow(Beta2, t);
        // One fused pass (OptimizerOps.AdamStep), the same float arithmetic as the update written op by op.
        OptimizerOps.AdamStep(p, g, m, v, new AdamCoefficients(Beta1, Beta2, Eps, (float)(LearningRate / bc1), 1f / (float)Math.Sqrt(bc2)));
    }

    public override IReadOnlyDictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor>();
        for (int i = 0; i < _m.Length; i++)
        {
            if (_m[i] is { } m) state[$"{i}.exp_avg"] = m;
            if (_v[i] is { } v) state[$"{i}.exp_avg_sq"] = v;
        }
        return state;
    }

    public override void LoadState(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        for (int i = 0; i < _m.Length; i++)
        {
            if (!state.ContainsKey($"{i}.exp_avg")) continue;
            _m[i] ??= NewState(Parameters[i].Data);
            _v[i] ??= NewState(Parameters[i].Data);
            CopyState(state, $"{i}.exp_avg", _m[i]!);
            CopyState(state, $"{i}.exp_avg_sq", _v[i]!);
        }
        StepCount = stepCount;
    }

    public override void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t?.Dispose();
        Array.Clear(_m);
        Array.Clear(_v);
    }
}
