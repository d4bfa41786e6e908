namespace KdGan.Tensors;

/// <summary>
/// Disposes, at its end, every tensor created inside it on this thread that was not disposed already
/// or moved out with <see cref="Escape"/>. Scopes nest; a tensor belongs to the innermost scope open
/// when it was created. Typical use: one scope per training step, so every temporary of the forward and
/// backward passes is freed at once while parameters, gradients and optimizer state (escaped) live on.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? t_current;

    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private readonly TensorScope? _parent;
    private readonly bool _suppressing;
    private bool _disposed;

    private TensorScope(TensorScope? parent, bool suppressing)
    {
        _parent = parent;
        _suppressing = suppressing;
    }

    /// <summary>Opens a scope on this thread.</summary>
    public static TensorScope Begin() => t_current = new TensorScope(t_current, suppressing: false);

    /// <summary>Until disposed, tensors created on this thread belong to no scope (for long-lived state).</summary>
    public static TensorScope Suppress() => t_current = new TensorScope(t_current, suppressing: true);

    /// <summary>The innermost open scope of this thread, if any.</summary>
    public static TensorScope? Current => t_current;

    /// <summary>Number of live tensors this scope will dispose.</summary>
    public int Count => _tensors.Count;

    internal static void Track(Tensor t)
    {
        var scope = t_current;
        if (scope is null || scope._suppressing) return;
        scope._tensors.Add(t);
        t.OwnerScope = scope;
    }

    internal void Forget(Tensor t) => _tensors.Remove(t);

    /// <summary>Takes <paramref name="tensor"/> out of whatever scope owns it: it lives until disposed by hand.</summary>
    public static Tensor Escape(Tensor tensor)
    {
        tensor.OwnerScope?._tensors.Remove(tensor);
        tensor.OwnerScope = null;
        return tensor;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (t_current != this)
            throw new InvalidOperationException("TensorScope: scopes must be disposed in the reverse order they were opened, on the thread that opened them.");
        t_current = _parent;
        foreach (var t in _tensors)
        {
            t.OwnerScope = null;
            t.Dispose();
        }
        _tensors.Clear();
    }
}
