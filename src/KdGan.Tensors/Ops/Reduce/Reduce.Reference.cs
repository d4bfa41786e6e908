namespace KdGan.Tensors.Backends.Reference;

// The spec of the reductions (Reduce.Cpu.cs, ReduceKernels.cs): plain loops in double, a part of ReferenceOps.
public static partial class ReferenceOps
{
    /// <summary>Reduces over <paramref name="axes"/> (all when empty); keeps size-1 axes in the result order.</summary>
    public static float[] Reduce(ReduceOp op, Tensor x, int[] axes)
    {
        var reduced = axes.Length == 0 ? Enumerable.Range(0, x.Rank).ToHashSet() : axes.Select(a => a < 0 ? a + x.Rank : a).ToHashSet();
        var outDims = x.Shape.ToArray().Select((d, i) => reduced.Contains(i) ? 1 : d).ToArray();
        var result = new List<float>();
        foreach (var o in Indices(new Shape(outDims)))
        {
            double acc = op == ReduceOp.Max ? double.NegativeInfinity : 0;
            long count = 0;
            foreach (var i in Indices(x.Shape))
            {
                bool match = true;
                for (int d = 0; d < x.Rank && match; d++) match = reduced.Contains(d) || i[d] == o[d];
                if (!match) continue;
                float v = Get(x, i);
                acc = op == ReduceOp.Max ? Math.Max(acc, v) : acc + v;
                count++;
            }
            result.Add(op == ReduceOp.Mean ? (float)(acc / count) : (float)acc);
        }
        return [.. result];
    }

    /// <summary>Index of the first maximum along <paramref name="axis"/>.</summary>
    public static float[] ArgMax(Tensor x, int axis)
    {
        var outDims = x.Shape.ToArray();
        outDims[axis] = 1;
        var result = new List<float>();
        foreach (var o in Indices(new Shape(outDims)))
        {
            int best = 0;
            for (int k = 1; k < x.Shape[axis]; k++)
            {
                var i = (int[])o.Clone();
                var j = (int[])o.Clone();
                i[axis] = k;
                j[axis] = best;
                if (Get(x, i) > Get(x, j)) best = k;
            }
            result.Add(best);
        }
        return [.. result];
    }
}
