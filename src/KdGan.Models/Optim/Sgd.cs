using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Models.Optim;

/// <summary>
/// Stochastic gradient descent with PyTorch's rules (torch.optim.SGD, dampening 0):
/// d = g + wd p; with momentum mu: b = d on the first step, else b = mu b + d;
/// d = d + mu b (Nesterov) or d = b; then p = p - lr d.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor?[] _momentum;

    public Sgd(IEnumerable<Variable> parameters, float learningRate, float momentum = 0f, bool nesterov = false, float weightDecay = 0f)
        : base(parameters, learningRate)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), $"Sgd: momentum must be >= 0, got {momentum}.");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"Sgd: weight decay must be >= 0, got {weightDecay}.");
        if (nesterov && momentum == 0) throw new ArgumentException("Sgd: Nesterov momentum needs momentum > 0.");
        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        _momentum = new Tensor?[Parameters.Count];
    }

    public float Momentum { get; }
    public bool Nesterov { get; }
    public float WeightDecay { get; }

    protected override void Update(int i, Tensor p, Tensor g)
    {
        Tensor d = WeightDecay != 0 ? g + p * WeightDecay : g;
        if (Momentum != 0)
        {
            if (_momentum[i] is null)
            {
                _momentum[i] = NewState(p);
                _momentum[i]!.CopyFrom(d);
            }
            else
            {
                var b = _momentum[i]!;
                using var decayed = b * Momentum;
                using var next = decayed + d;
                b.CopyFrom(next);
            }
            d = Nesterov ? d + _momentum[i]! * Momentum : _momentum[i]!;
        }
        using var step = d * LearningRate;
        using var updated = p - step;
        p.CopyFrom(updated);
    }

    public override IReadOnlyDictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor>();
        for (int i = 0; i < _momentum.Length; i++)
            if (_momentum[i] is { } b) state[$"{i}.momentum_buffer"] = b;
        return state;
    }

    public override void LoadState(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        for (int i = 0; i < _momentum.Length; i++)
        {
            if (!state.ContainsKey($"{i}.momentum_buffer")) continue;
            _momentum[i] ??= NewState(Parameters[i].Data);
            CopyState(state, $"{i}.momentum_buffer", _momentum[i]!);
        }
        StepCount = stepCount;
    }

    public override void Dispose()
    {
        foreach (var b in _momentum) b?.Dispose();
        Array.Clear(_momentum);
    }
}
