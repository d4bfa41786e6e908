using KdGan.Autograd;
using KdGan.Tensors;

namespace KdGan.Models.Optim;

/// <summary>
/// Updates parameters in place from their gradients. State (momentum buffers, Adam moments, the step count)
/// is kept per parameter, outside any <see cref="TensorScope"/>, and can be saved and restored exactly.
/// </summary>
public abstract class Optimizer : IDisposable
{
    protected Optimizer(IEnumerable<Variable> parameters, float learningRate)
    {
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0) throw new ArgumentException($"{GetType().Name}: no parameters to optimise.");
        foreach (var p in Parameters)
            if (!p.IsLeaf || !p.RequiresGrad)
                throw new ArgumentException($"{GetType().Name}: every parameter must be a leaf that requires a gradient (got shape {p.Shape}).");
        LearningRate = learningRate;
    }

    public IReadOnlyList<Variable> Parameters { get; }

    private float _lr;

    /// <summary>The current learning rate (schedules change it between steps).</summary>
    public float LearningRate
    {
        get => _lr;
        set
        {
            if (!(value >= 0) || float.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), $"{GetType().Name}: learning rate must be a finite number >= 0, got {value}.");
            _lr = value;
        }
    }

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public long StepCount { get; protected set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        using var scope = TensorScope.Begin(); // temporaries of the update die here
        for (int i = 0; i < Parameters.Count; i++)
            if (Parameters[i].Grad is { } g) Update(i, Parameters[i].Data, g);
    }

    /// <summary>Updates parameter <paramref name="index"/> in place (inside a scope: temporaries are freed).</summary>
    protected abstract void Update(int index, Tensor param, Tensor grad);

    /// <summary>Drops every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>Named state tensors (e.g. <c>3.exp_avg</c>) for checkpoints.</summary>
    public abstract IReadOnlyDictionary<string, Tensor> StateTensors();

    /// <summary>Restores state saved by <see cref="StateTensors"/> (copies the values), with the step count.</summary>
    public abstract void LoadState(IReadOnlyDictionary<string, Tensor> state, long stepCount);

    /// <summary>A state buffer that lives outside any scope, initialised to zero.</summary>
    protected static Tensor NewState(Tensor like)
    {
        using (TensorScope.Suppress()) return Tensor.Zeros(like.Shape, like.Device);
    }

    protected static void CopyState(IReadOnlyDictionary<string, Tensor> state, string name, Tensor into)
    {
        if (!state.TryGetValue(name, out var src))
            throw new ArgumentException($"Optimizer state: '{name}' is missing from the checkpoint.");
        if (src.Shape != into.Shape)
            throw new ArgumentException($"Optimizer state: '{name}' has shape {src.Shape} in the checkpoint but {into.Shape} here.");
        into.CopyFrom(src);
    }

    public abstract void Dispose();
}
