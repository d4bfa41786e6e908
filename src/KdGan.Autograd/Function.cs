using KdGan.Tensors;

namespace KdGan.Autograd;

/// <summary>
/// One differentiable operation: each subclass computes its forward result in a static <c>Apply</c> and
/// its backward in <see cref="Backward"/>, side by side. The node remembers its inputs and the tensors it
/// saved for backward; both are released after <see cref="Variable.Backward"/> unless the graph is retained.
/// </summary>
public abstract class Function
{
    private readonly List<Tensor> _saved = [];

    /// <summary>The inputs, in the order <see cref="Backward"/> returns their gradients.</summary>
    public Variable[] Inputs { get; private set; } = [];

    /// <summary>The op's name for messages: the class name without "Function".</summary>
    public string Name => GetType().Name.Replace("Function", "", StringComparison.Ordinal);

    /// <summary>True when recording is on and some input needs a gradient.</summary>
    protected static bool ShouldRecord(params Variable[] inputs) =>
        GradMode.IsEnabled && inputs.Any(v => v.RequiresGrad);

    /// <summary>Keeps a view of <paramref name="t"/> alive for backward (the caller may dispose its own handle).</summary>
    protected Tensor Save(Tensor t)
    {
        Tensor view;
        using (TensorScope.Suppress()) view = t.Expand(t.Shape);
        _saved.Add(view);
        return view;
    }

    /// <summary>Wraps the forward result; links this node into the graph when recording.</summary>
    protected Variable Record(Tensor output, params Variable[] inputs)
    {
        if (!ShouldRecord(inputs))
        {
            Release();
            return new Variable(output);
        }
        Inputs = inputs;
        return new Variable(output, this);
    }

    /// <summary>Does input <paramref name="i"/> need a gradient?</summary>
    protected bool NeedsGrad(int i) => Inputs[i].RequiresGrad;

    /// <summary>
    /// Given dL/d(output), returns dL/d(input i) for every input (null where none is needed). Each returned
    /// tensor is new and owned by the caller. <paramref name="grad"/> stays owned by the caller.
    /// </summary>
    protected internal abstract Tensor?[] Backward(Tensor grad);

    /// <summary>Frees the saved tensors and forgets the inputs (the graph above this node).</summary>
    internal void Release()
    {
        foreach (var t in _saved) t.Dispose();
        _saved.Clear();
        Inputs = [];
    }

    /// <summary>
    /// The adjoint of broadcasting, written once: sums <paramref name="grad"/> over the axes along which an
    /// input of shape <paramref name="shape"/> was broadcast (leading axes it lacked, and its size-1 axes).
    /// Takes ownership of <paramref name="grad"/>.
    /// </summary>
    protected static Tensor ReduceTo(Tensor grad, Shape shape)
    {
        if (grad.Shape == shape) return grad;
        int lead = grad.Rank - shape.Rank;
        var axes = Enumerable.Range(0, grad.Rank)
            .Where(a => a < lead || (shape[a - lead] == 1 && grad.Shape[a] != 1)).ToArray();
        using (grad)
        {
            if (axes.Length == 0) return grad.Reshape(shape.ToArray());
            using var summed = grad.Sum(axes, keepDim: true);
            return summed.Reshape(shape.ToArray());
        }
    }
}
