using KdGan.Tensors;

namespace KdGan.Autograd;

/// <summary>Reverse-mode differentiation over the recorded graph.</summary>
internal static class Engine
{
    public static void Backward(Variable root, Tensor? gradient, bool retainGraph)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward: this variable does not require a gradient (no input that requires one was used to compute it).");
        Tensor seed;
        if (gradient is null)
        {
            if (root.Data.NumElements != 1)
                throw new InvalidOperationException($"Backward: an implicit gradient exists only for one-element outputs; this one has shape {root.Shape}. Pass the gradient explicitly.");
            seed = Tensor.Ones(root.Shape, root.Device);
        }
        else
        {
            if (gradient.Shape != root.Shape)
                throw new ArgumentException($"Backward: the gradient has shape {gradient.Shape} but the output has shape {root.Shape}.");
            Device.CheckSame(root.Device, gradient.Device, "Backward");
            seed = gradient.Expand(gradient.Shape); // a view, not a copy: the caller's tensor is only read
        }
        var callerStorage = gradient?.Storage;

        var order = TopologicalOrder(root);
        var grads = new Dictionary<Variable, Tensor>(ReferenceEqualityComparer.Instance) { [root] = seed };
        try
        {
            // Reverse topological order: a node's gradient is complete (all consumers done) when it is reached.
            for (int n = order.Count - 1; n >= 0; n--)
            {
                var v = order[n];
                if (!grads.Remove(v, out var g)) continue;
                var fn = v.GradFn;
                if (fn is null && v.GraphFreed)
                {
                    g.Dispose();
                    throw new InvalidOperationException(
                        "Backward: the graph through this variable was freed by an earlier Backward(); pass retainGraph: true to backpropagate through it twice.");
                }
                if (fn is null)
                {
                    if (!v.RequiresGrad) g.Dispose();
                    else if (ReferenceEquals(g.Storage, callerStorage)) // a leaf must not keep a view of the caller's tensor
                        using (g) v.AccumulateGrad(g.Clone());
                    else v.AccumulateGrad(g);
                    continue;
                }
                Tensor?[] inputGrads;
                var inputs = fn.Inputs;
                using (g) inputGrads = fn.Backward(g);
                if (inputGrads.Length != inputs.Length)
                    throw new InvalidOperationException($"{fn.Name}.Backward returned {inputGrads.Length} gradients for {inputs.Length} inputs.");
                for (int i = 0; i < inputs.Length; i++)
                {
                    var ig = inputGrads[i];
                    if (ig is null) continue;
                    if (!inputs[i].RequiresGrad) { ig.Dispose(); continue; }
                    if (ig.Shape != inputs[i].Shape)
                        throw new InvalidOperationException(
                            $"{fn.Name}.Backward produced a gradient of shape {ig.Shape} for input {i} of shape {inputs[i].Shape}.");
                    if (grads.TryGetValue(inputs[i], out var existing))
                    {
                        grads[inputs[i]] = existing + ig; // a variable used twice gets both contributions
                        existing.Dispose();
                        ig.Dispose();
                    }
                    else grads[inputs[i]] = ig;
                }
                if (!retainGraph)
                {
                    fn.Release();
                    v.GradFn = null;
                    v.GraphFreed = true;
                }
            }
        }
        finally
        {
            foreach (var g in grads.Values) g.Dispose();
        }
    }

    /// <summary>Variables reachable from <paramref name="root"/>, each after all of its inputs (iterative DFS).</summary>
    private static List<Variable> TopologicalOrder(Variable root)
    {
        var order = new List<Variable>();
        var visited = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Variable V, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (v, expanded) = stack.Pop();
            if (expanded) { order.Add(v); continue; }
            if (!visited.Add(v)) continue;
            stack.Push((v, true));
            if (v.GradFn is { } fn)
                foreach (var input in fn.Inputs)
                    if (input.RequiresGrad && !visited.Contains(input)) stack.Push((input, false));
        }
        return order;
    }
}
