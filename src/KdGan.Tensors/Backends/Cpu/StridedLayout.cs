namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// The iteration space of an elementwise op over several strided operands of one shape, simplified:
/// size-1 axes dropped and adjacent axes merged wherever every operand allows it, so a contiguous
/// tensor becomes a single long row. Work is then split into linear element ranges, walked row by row
/// along the innermost axis (where SIMD loops apply when its stride is 1).
/// </summary>
internal sealed class StridedLayout
{
    private readonly int[] _dims;        // coalesced dims, rank >= 1
    private readonly long[][] _strides;  // per operand, per coalesced dim
    private readonly long[] _offsets;    // per operand base offset

    public StridedLayout(Shape shape, params Tensor[] operands)
    {
        int ops = operands.Length;
        var dims = new List<int>();
        var strides = new List<long>[ops];
        for (int o = 0; o < ops; o++) strides[o] = [];
        for (int d = 0; d < shape.Rank; d++)
        {
            int size = shape.Dims[d];
            if (size == 1) continue;
            int last = dims.Count - 1;
            bool merge = last >= 0;
            for (int o = 0; o < ops && merge; o++)
                merge = strides[o][last] == operands[o].Strides[d] * size;
            if (merge)
            {
                dims[last] *= size;
                for (int o = 0; o < ops; o++) strides[o][last] = operands[o].Strides[d];
            }
            else
            {
                dims.Add(size);
                for (int o = 0; o < ops; o++) strides[o].Add(operands[o].Strides[d]);
            }
        }
        if (shape.NumElements == 0) dims = [0];
        if (dims.Count == 0)
        {
            dims.Add(1);
            for (int o = 0; o < ops; o++) strides[o].Add(1);
        }
        if (dims.Count != strides[0].Count)
            for (int o = 0; o < ops; o++) { strides[o].Clear(); strides[o].Add(1); }
        _dims = [.. dims];
        _strides = strides.Select(s => s.ToArray()).ToArray();
        _offsets = operands.Select(t => t.Offset).ToArray();
        Count = shape.NumElements;
    }

    /// <summary>Total number of elements.</summary>
    public long Count { get; }

    /// <summary>Length of the innermost (coalesced) axis.</summary>
    public long InnerLength => _dims[^1];

    /// <summary>Innermost stride of operand <paramref name="operand"/>.</summary>
    public long InnerStride(int operand) => _strides[operand][^1];

    /// <summary>
    /// Calls <paramref name="body"/>(offsets, count) for consecutive runs along the innermost axis that
    /// cover linear elements [start, end); offsets[o] is operand o's storage offset of the run's first element.
    /// </summary>
    public void ForEachRun(long start, long end, RunBody body)
    {
        int ops = _offsets.Length;
        Span<long> offsets = stackalloc long[ops];
        long inner = InnerLength;
        long pos = start;
        while (pos < end)
        {
            long row = pos / inner, col = pos % inner;
            for (int o = 0; o < ops; o++)
            {
                long off = _offsets[o] + col * _strides[o][^1];
                long rem = row;
                for (int d = _dims.Length - 2; d >= 0; d--)
                {
                    off += rem % _dims[d] * _strides[o][d];
                    rem /= _dims[d];
                }
                offsets[o] = off;
            }
            long count = Math.Min(inner - col, end - pos);
            body(offsets, count);
            pos += count;
        }
    }

    /// <summary>Runs <see cref="ForEachRun"/> over all elements, split across <see cref="CpuThreads"/> when large.</summary>
    public void ForEachRunParallel(RunBody body, long minPerThread = 1 << 15)
    {
        Parallelism.ForRanges(Count, minPerThread, (s, e) => ForEachRun(s, e, body));
    }
}

internal delegate void RunBody(ReadOnlySpan<long> offsets, long count);
