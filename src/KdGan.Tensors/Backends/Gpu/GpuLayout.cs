using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// Turns tensor views into kernel parameters: size-1 axes dropped and adjacent axes merged wherever every
/// operand allows it (as the CPU's StridedLayout does), stored innermost first in a <see cref="Dims6"/>.
/// When every operand is dense the result is the rank-0 "dense" form and kernels skip index arithmetic.
/// </summary>
internal static class GpuLayout
{
    public const int MaxRank = 6;

    /// <summary>The coalesced iteration space of <paramref name="shape"/> over <paramref name="operands"/> (all of that shape).</summary>
    public static (Dims6 Dims, Strides6[] Strides) Elementwise(Shape shape, params Tensor[] operands)
    {
        var dims = new List<int>();
        var strides = operands.Select(_ => new List<long>()).ToArray();
        for (int d = 0; d < shape.Rank; d++)
        {
            int size = shape.Dims[d];
            if (size == 1) continue;
            int last = dims.Count - 1;
            bool merge = last >= 0;
            for (int o = 0; o < operands.Length && merge; o++)
                merge = strides[o][last] == operands[o].Strides[d] * size;
            if (merge)
            {
                dims[last] *= size;
                for (int o = 0; o < operands.Length; o++) strides[o][last] = operands[o].Strides[d];
            }
            else
            {
                dims.Add(size);
                for (int o = 0; o < operands.Length; o++) strides[o].Add(operands[o].Strides[d]);
            }
        }
        bool dense = dims.Count <= 1 && strides.All(s => s.Count == 0 || s[0] == 1);
        if (dense)
            return (new Dims6(), operands.Select(t => new Strides6 { Offset = checked((int)t.Offset), S0 = 1 }).ToArray());
        return (Pack(dims, "elementwise op", shape), strides.Select((s, o) => PackStrides(s, operands[o].Offset)).ToArray());
    }

    /// <summary>Axes <paramref name="axes"/> of <paramref name="x"/>, coalesced (never the dense form: rank at least 1).</summary>
    public static (Dims6 Dims, Strides6 Strides, long Count) Axes(Tensor x, int[] axes, long offset)
    {
        var dims = new List<int>();
        var strides = new List<long>();
        foreach (int a in axes)
        {
            int size = x.Shape.Dims[a];
            long stride = x.Strides[a];
            if (size == 1) continue;
            if (dims.Count > 0 && strides[^1] == stride * size)
            {
                dims[^1] *= size;
                strides[^1] = stride;
            }
            else
            {
                dims.Add(size);
                strides.Add(stride);
            }
        }
        long count = axes.Aggregate(1L, (p, a) => p * x.Shape.Dims[a]);
        if (dims.Count == 0)
        {
            dims.Add(1);
            strides.Add(0);
        }
        return (Pack(dims, "reduction", x.Shape), PackStrides(strides, offset), count);
    }

    private static Dims6 Pack(List<int> outerFirst, string what, Shape shape)
    {
        if (outerFirst.Count > MaxRank)
            throw new NotSupportedException(
                $"GPU {what} on shape {shape}: its strided layout needs {outerFirst.Count} axes after merging, the kernels take at most {MaxRank}; make the operands contiguous first.");
        var d = new int[MaxRank];
        for (int i = 0; i < MaxRank; i++) d[i] = 1;
        for (int i = 0; i < outerFirst.Count; i++) d[i] = outerFirst[outerFirst.Count - 1 - i];
        return new Dims6 { Rank = outerFirst.Count, N0 = d[0], N1 = d[1], N2 = d[2], N3 = d[3], N4 = d[4], N5 = d[5] };
    }

    private static Strides6 PackStrides(List<long> outerFirst, long offset)
    {
        var s = new int[MaxRank];
        for (int i = 0; i < outerFirst.Count; i++) s[i] = checked((int)outerFirst[outerFirst.Count - 1 - i]);
        return new Strides6 { Offset = checked((int)offset), S0 = s[0], S1 = s[1], S2 = s[2], S3 = s[3], S4 = s[4], S5 = s[5] };
    }
}
