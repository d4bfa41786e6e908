namespace KdGan.Tensors;

// Views: new shape/strides/offset over the same storage. None of these copies, except
// Reshape of a non-contiguous tensor (as in PyTorch) and Contiguous of a non-contiguous one.
public sealed partial class Tensor
{
    private Tensor View(Shape shape, long[] strides, long offset) => new(Storage, shape, strides, offset, addRef: true);

    /// <summary>Same values, new shape (one dimension may be -1). A view when contiguous, else a copy.</summary>
    public Tensor Reshape(params int[] dims)
    {
        ThrowIfDisposed(nameof(Reshape));
        var shape = InferShape(dims);
        if (!IsContiguous)
        {
            using var c = Contiguous();
            return c.Reshape(dims);
        }
        return View(shape, shape.ContiguousStrides(), Offset);
    }

    private Shape InferShape(int[] dims)
    {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Reshape {Shape} -> {Shape.Format(dims)}: only one dimension can be -1.");
                infer = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"Reshape {Shape} -> {Shape.Format(dims)}: dimension {i} is {dims[i]}.");
            else known *= dims[i];
        }
        var result = (int[])dims.Clone();
        if (infer >= 0)
        {
            if (known == 0 || NumElements % known != 0)
                throw new ArgumentException($"Reshape {Shape} -> {Shape.Format(dims)}: cannot infer the -1 dimension for {NumElements} elements.");
            result[infer] = (int)(NumElements / known);
        }
        var shape = new Shape(result);
        if (shape.NumElements != NumElements)
            throw new ArgumentException($"Reshape: shape {Shape} ({NumElements} elements) cannot be viewed as {shape} ({shape.NumElements} elements).");
        return shape;
    }

    /// <summary>Reorders the axes: result axis i is this tensor's axis <c>axes[i]</c>.</summary>
    public Tensor Permute(params int[] axes)
    {
        ThrowIfDisposed(nameof(Permute));
        if (axes.Length != Rank)
            throw new ArgumentException($"Permute: {axes.Length} axes given for a tensor of rank {Rank} (shape {Shape}).");
        var seen = new bool[Rank];
        var dims = new int[Rank];
        var strides = new long[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int a = Shape.NormalizeAxis(axes[i], Rank, "Permute");
            if (seen[a]) throw new ArgumentException($"Permute: axis {axes[i]} appears twice in {Shape.Format(axes)}.");
            seen[a] = true;
            dims[i] = Shape.Dims[a];
            strides[i] = _strides[a];
        }
        return View(new Shape(dims), strides, Offset);
    }

    /// <summary>Swaps two axes.</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var order = Enumerable.Range(0, Rank).ToArray();
        int a = Shape.NormalizeAxis(axis0, Rank, "Transpose"), b = Shape.NormalizeAxis(axis1, Rank, "Transpose");
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>The transpose of a 2-D tensor.</summary>
    public Tensor T()
    {
        if (Rank != 2) throw new InvalidOperationException($"T(): expects a 2-D tensor, got shape {Shape}; use Transpose or Permute.");
        return Transpose(0, 1);
    }

    /// <summary>Elements start, start+step, ... below end along <paramref name="axis"/> (like x[..., start:end:step, ...]).</summary>
    public Tensor Slice(int axis, int start, int end, int step = 1)
    {
        ThrowIfDisposed(nameof(Slice));
        int a = Shape.NormalizeAxis(axis, Rank, "Slice");
        int size = Shape.Dims[a];
        if (step <= 0) throw new ArgumentException($"Slice: step must be positive, got {step}.");
        if (start < 0) start += size;
        if (end < 0) end += size;
        if (start < 0 || start > size || end < start || end > size)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Slice: range [{start}, {end}) is invalid for axis {axis} of size {size} (shape {Shape}).");
        var dims = Shape.ToArray();
        dims[a] = (end - start + step - 1) / step;
        var strides = (long[])_strides.Clone();
        strides[a] = _strides[a] * step;
        return View(new Shape(dims), strides, Offset + start * _strides[a]);
    }

    /// <summary>Removes axis <paramref name="axis"/> by picking element <paramref name="index"/> of it.</summary>
    public Tensor Select(int axis, int index)
    {
        ThrowIfDisposed(nameof(Select));
        int a = Shape.NormalizeAxis(axis, Rank, "Select");
        int size = Shape.Dims[a];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"Select: index {index} is out of range for axis {axis} of size {size} (shape {Shape}).");
        var dims = Shape.ToArray().ToList();
        var strides = _strides.ToList();
        dims.RemoveAt(a);
        strides.RemoveAt(a);
        return View(new Shape(dims.ToArray()), strides.ToArray(), Offset + i * _strides[a]);
    }

    /// <summary>The 0-d view of one element.</summary>
    public Tensor Select(int[] index)
    {
        ThrowIfDisposed(nameof(Select));
        if (index.Length != Rank)
            throw new ArgumentException($"Index {Shape.Format(index)} has {index.Length} entries but the tensor has rank {Rank} (shape {Shape}).");
        long offset = Offset;
        for (int d = 0; d < Rank; d++)
        {
            int size = Shape.Dims[d];
            int i = index[d] < 0 ? index[d] + size : index[d];
            if (i < 0 || i >= size)
                throw new IndexOutOfRangeException($"Index {Shape.Format(index)}: entry {d} is out of range for shape {Shape}.");
            offset += i * _strides[d];
        }
        return View(Shape.Scalar, [], offset);
    }

    /// <summary>A view broadcast to <paramref name="shape"/> (stride 0 along expanded axes), like torch.expand.</summary>
    public Tensor Expand(Shape shape)
    {
        ThrowIfDisposed(nameof(Expand));
        if (!Shape.CanBroadcastTo(shape))
            throw new ArgumentException($"Expand: shape {Shape} cannot be broadcast to {shape}.");
        int lead = shape.Rank - Rank;
        var strides = new long[shape.Rank];
        for (int i = 0; i < Rank; i++)
            strides[lead + i] = Shape.Dims[i] == 1 && shape.Dims[lead + i] != 1 ? 0 : _strides[i];
        return View(shape, strides, Offset);
    }

    /// <summary>Inserts a size-1 axis at <paramref name="axis"/> (in [-rank-1, rank]).</summary>
    public Tensor Unsqueeze(int axis)
    {
        int a = Shape.NormalizeAxis(axis, Rank + 1, "Unsqueeze");
        var dims = Shape.ToArray().ToList();
        var strides = _strides.ToList();
        dims.Insert(a, 1);
        strides.Insert(a, a < Rank ? _strides[a] * Shape.Dims[a] : 1);
        return View(new Shape(dims.ToArray()), strides.ToArray(), Offset);
    }

    /// <summary>Removes a size-1 axis.</summary>
    public Tensor Squeeze(int axis)
    {
        int a = Shape.NormalizeAxis(axis, Rank, "Squeeze");
        if (Shape.Dims[a] != 1) throw new ArgumentException($"Squeeze: axis {axis} has size {Shape.Dims[a]}, not 1 (shape {Shape}).");
        var dims = Shape.ToArray().ToList();
        var strides = _strides.ToList();
        dims.RemoveAt(a);
        strides.RemoveAt(a);
        return View(new Shape(dims.ToArray()), strides.ToArray(), Offset);
    }

    /// <summary>Flattens to [n0, rest] (the batch axis kept), like nn.Flatten.</summary>
    public Tensor Flatten(int startAxis = 1)
    {
        int a = Shape.NormalizeAxis(startAxis, Rank, "Flatten");
        var dims = Shape.ToArray().Take(a).Append(-1).ToArray();
        return Reshape(NumElements == 0 ? [.. Shape.ToArray().Take(a), (int)Shape.ToArray().Skip(a).Aggregate(1L, (x, y) => x * y)] : dims);
    }

    /// <summary>This tensor if already contiguous (as a new view), else a dense row-major copy.</summary>
    public Tensor Contiguous()
    {
        ThrowIfDisposed(nameof(Contiguous));
        if (IsContiguous) return View(Shape, Shape.ContiguousStrides(), Offset);
        var result = Empty(Shape, Device);
        Device.Backend.Copy(this, result);
        return result;
    }

    /// <summary>A contiguous copy that never shares storage with this tensor.</summary>
    public Tensor Clone()
    {
        ThrowIfDisposed(nameof(Clone));
        var result = Empty(Shape, Device);
        Device.Backend.Copy(this, result);
        return result;
    }
}
