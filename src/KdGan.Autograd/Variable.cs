using KdGan.Tensors;

namespace KdGan.Autograd;

/// <summary>
/// The tensor users compute with when they want gradients: a raw <see cref="Tensor"/> (<see cref="Data"/>)
/// plus the node of the graph that produced it (<see cref="GradFn"/>) and, for leaves that require it, the
/// accumulated gradient (<see cref="Grad"/>). Operations on variables record the graph; <see cref="Backward"/>
/// walks it in reverse topological order.
/// </summary>
public sealed partial class Variable : IDisposable
{
    private bool _requiresGrad;

    /// <summary>A leaf wrapping <paramref name="data"/> (ownership passes to the variable).</summary>
    public Variable(Tensor data, bool requiresGrad = false)
    {
        Data = data;
        _requiresGrad = requiresGrad;
    }

    internal Variable(Tensor data, Function gradFn)
    {
        Data = data;
        GradFn = gradFn;
        _requiresGrad = true;
    }

    /// <summary>The values.</summary>
    public Tensor Data { get; private set; }

    /// <summary>
    /// Replaces a leaf's values (like <c>p.data = t</c> in PyTorch; used to move parameters between devices).
    /// The old tensor is disposed; the gradient is dropped. Ownership of <paramref name="data"/> passes here.
    /// </summary>
    public void SetData(Tensor data)
    {
        if (!IsLeaf) throw new InvalidOperationException("SetData: only a leaf's values can be replaced.");
        if (ReferenceEquals(data, Data)) return;
        Data.Dispose();
        Data = data;
        ZeroGrad();
    }

    /// <summary>The accumulated gradient of a leaf after <see cref="Backward"/> (null before).</summary>
    public Tensor? Grad { get; private set; }

    /// <summary>The operation that produced this variable (null for leaves and after the graph was freed).</summary>
    public Function? GradFn { get; internal set; }

    /// <summary>Whether gradients flow to this variable. Settable on leaves only.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
                throw new InvalidOperationException($"RequiresGrad can only be cleared on a leaf; this variable was produced by {GradFn.Name}. Use Detach().");
            _requiresGrad = value;
        }
    }

    /// <summary>True when no recorded op produced this variable.</summary>
    public bool IsLeaf => GradFn is null && !GraphFreed;

    /// <summary>Set when Backward freed the node that produced this variable.</summary>
    internal bool GraphFreed { get; set; }

    public Shape Shape => Data.Shape;
    public Device Device => Data.Device;
    public int Rank => Data.Rank;

    /// <summary>A new leaf sharing these values, cut from the graph (no gradient flows through it).</summary>
    public Variable Detach() => new(Data.Expand(Data.Shape));

    /// <summary>Adds <paramref name="grad"/> into <see cref="Grad"/> (the tensor escapes any open scope).</summary>
    internal void AccumulateGrad(Tensor grad)
    {
        if (Grad is null || Grad.IsDisposed)
        {
            Grad = TensorScope.Escape(grad);
            return;
        }
        var sum = Grad + grad;
        Grad.Dispose();
        grad.Dispose();
        Grad = TensorScope.Escape(sum);
    }

    /// <summary>Drops the accumulated gradient (like <c>p.grad = None</c>).</summary>
    public void ZeroGrad()
    {
        Grad?.Dispose();
        Grad = null;
    }

    /// <summary>
    /// Backpropagates from this variable: every leaf that requires a gradient gets d(this)/d(leaf) added to
    /// its <see cref="Grad"/>. Without <paramref name="gradient"/> this must be a one-element variable (a loss).
    /// The graph and its saved tensors are freed afterwards unless <paramref name="retainGraph"/>.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) => Engine.Backward(this, gradient, retainGraph);

    public float Item() => Data.Item();
    public float[] ToArray() => Data.ToArray();

    /// <summary>Disposes the values and the gradient.</summary>
    public void Dispose()
    {
        Data.Dispose();
        Grad?.Dispose();
    }

    public override string ToString()
    {
        string s = Data.ToString();
        return GradFn is not null ? s[..^1] + $", grad_fn=<{GradFn.Name}>)" : RequiresGrad ? s[..^1] + ", requires_grad=True)" : s;
    }

    public static implicit operator Variable(Tensor t) => new(t);
}
