using System.Collections;

namespace KdGan.Tensors;

/// <summary>
/// The dimensions of a tensor, immutable. Broadcasting follows NumPy/PyTorch exactly: shapes are
/// aligned at their last dimension, and two sizes are compatible when they are equal or one is 1.
/// </summary>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(Shape), nameof(Create))]
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] _dims;

    /// <summary>Creates a shape; every dimension must be &gt;= 0.</summary>
    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long n = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
                throw new ArgumentException($"Shape {Format(dims)}: dimension {i} is {dims[i]}; sizes must be >= 0.");
            n = checked(n * dims[i]);
        }
        _dims = (int[])dims.Clone();
        NumElements = n;
    }

    /// <summary>Builds a shape from a collection expression: <c>Shape s = [2, 3];</c></summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims.ToArray());

    /// <summary>The empty shape of a scalar (rank 0, one element).</summary>
    public static Shape Scalar { get; } = new();

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>Product of the dimensions (1 for a scalar, 0 when any dimension is 0).</summary>
    public long NumElements { get; }

    /// <summary>Size of dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int this[int axis] => _dims[NormalizeAxis(axis, Rank, "Shape[]")];

    int IReadOnlyCollection<int>.Count => Rank;

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    internal ReadOnlySpan<int> Dims => _dims;

    /// <summary>Row-major (C-order) element strides for this shape.</summary>
    public long[] ContiguousStrides()
    {
        var strides = new long[Rank];
        long s = 1;
        for (int i = Rank - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(_dims[i], 1);
        }
        return strides;
    }

    /// <summary>
    /// The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or an error that names
    /// both shapes and <paramref name="op"/>.
    /// </summary>
    public static Shape Broadcast(Shape a, Shape b, string op)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a._dims[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b._dims[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: shapes {a} and {b} cannot be broadcast together (dimension {i} of the aligned shapes: {da} vs {db}).");
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }

    /// <summary>True when this shape can be broadcast (expanded) to <paramref name="target"/>.</summary>
    public bool CanBroadcastTo(Shape target)
    {
        if (Rank > target.Rank) return false;
        int lead = target.Rank - Rank;
        for (int i = 0; i < Rank; i++)
            if (_dims[i] != 1 && _dims[i] != target._dims[lead + i]) return false;
        return true;
    }

    /// <summary>Maps a possibly negative axis into [0, rank), or throws naming the axis, the rank and the op.</summary>
    public static int NormalizeAxis(int axis, int rank, string op)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis),
                $"{op}: axis {axis} is out of range for a tensor of rank {rank} (valid: {-rank}..{rank - 1}).");
        return a;
    }

    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);
    public override bool Equals(object? obj) => Equals(obj as Shape);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Formats like PyTorch's <c>torch.Size</c> contents: <c>[2, 3]</c>.</summary>
    public override string ToString() => Format(_dims);

    internal static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(", ", dims.ToArray()) + "]";

    public static implicit operator Shape(int[] dims) => new(dims);
}
