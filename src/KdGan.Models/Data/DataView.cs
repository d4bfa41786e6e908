namespace KdGan.Models.Data;

/// <summary>
/// Some of the images of a <see cref="LabeledImages"/>, by index: a subset, a split or a shuffled
/// order costs an int per example, never a copy of the pixels.
/// </summary>
public sealed class DataView
{
    private readonly int[] _indices;

    public DataView(LabeledImages source, int[] indices)
    {
        foreach (int i in indices)
            if ((uint)i >= (uint)source.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"{source.Name}: index {i} is outside 0..{source.Count - 1}.");
        Source = source;
        _indices = indices;
    }

    public LabeledImages Source { get; }

    /// <summary>Indices into <see cref="Source"/>.</summary>
    public IReadOnlyList<int> Indices => _indices;

    public int Count => _indices.Length;

    /// <summary>The label of the <paramref name="position"/>-th example of this view.</summary>
    public int Label(int position) => Source.Labels[_indices[position]];

    /// <summary>How many examples of each class this view holds.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Source.NumClasses];
        foreach (int i in _indices) counts[Source.Labels[i]]++;
        return counts;
    }

    /// <summary>The examples of this view that are not in <paramref name="other"/> (same source), in this view's order.</summary>
    public DataView Except(DataView other)
    {
        RequireSameSource(other);
        var drop = new HashSet<int>(other._indices);
        return new DataView(Source, _indices.Where(i => !drop.Contains(i)).ToArray());
    }

    internal void RequireSameSource(DataView other)
    {
        if (!ReferenceEquals(Source, other.Source))
            throw new ArgumentException($"views of different data sets ({Source.Name} and {other.Source.Name}) cannot be combined.");
    }

    internal ReadOnlySpan<int> IndexSpan => _indices;

    public override string ToString() => $"{Count} of {Source}";
}
