using KdGan.Tensors.Rng;

namespace KdGan.Tensors;

/// <summary>
/// An n-dimensional float32 array on a device: a view (shape, strides, offset) into a shared
/// <see cref="Storage"/>. This is the raw tensor, without autograd. Views (reshape, permute, slice,
/// expand) share storage; <see cref="Contiguous"/> copies only when needed. Tensors are
/// <see cref="IDisposable"/>: disposing releases this view's reference on the storage at once.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly long[] _strides;
    private bool _disposed;

    internal Tensor(Storage storage, Shape shape, long[] strides, long offset, bool addRef)
    {
        if (addRef) storage.AddRef();
        Storage = storage;
        Shape = shape;
        _strides = strides;
        Offset = offset;
        MemoryStats.TensorCreated(storage.Device);
        TensorScope.Track(this);
    }

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal TensorScope? OwnerScope { get; set; }

    /// <summary>A new contiguous, uninitialised tensor.</summary>
    public static Tensor Empty(Shape shape, Device device)
    {
        var storage = device.Backend.Allocate(shape.NumElements);
        return new Tensor(storage, shape, shape.ContiguousStrides(), 0, addRef: false);
    }

    public Storage Storage { get; }
    public Shape Shape { get; }
    public Device Device => Storage.Device;
    public int Rank => Shape.Rank;
    public long NumElements => Shape.NumElements;

    /// <summary>Element strides (0 along broadcast/expanded axes).</summary>
    public ReadOnlySpan<long> Strides => _strides;

    /// <summary>Offset of element [0, ..., 0] in the storage, in elements.</summary>
    public long Offset { get; }

    /// <summary>True when the elements are laid out densely in row-major order (size-1 axes ignored).</summary>
    public bool IsContiguous
    {
        get
        {
            if (NumElements == 0) return true;
            long expected = 1;
            for (int i = Rank - 1; i >= 0; i--)
            {
                int d = Shape.Dims[i];
                if (d == 1) continue;
                if (_strides[i] != expected) return false;
                expected *= d;
            }
            return true;
        }
    }

    public bool IsDisposed => _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        OwnerScope?.Forget(this);
        OwnerScope = null;
        MemoryStats.TensorDisposed(Storage.Device);
        Storage.Release();
    }

    internal void ThrowIfDisposed(string op)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(Tensor), $"{op}: the tensor {Shape} was used after Dispose().");
    }

    // ---- creation ----------------------------------------------------------------------------

    public static Tensor Zeros(Shape shape, Device? device = null) => Full(shape, 0f, device);
    public static Tensor Ones(Shape shape, Device? device = null) => Full(shape, 1f, device);

    public static Tensor Full(Shape shape, float value, Device? device = null)
    {
        var t = Empty(shape, device ?? Device.Cpu);
        t.Device.Backend.Fill(t, value);
        return t;
    }

    /// <summary>A 0-d tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(float value, Device? device = null) => Full(Shape.Scalar, value, device);

    /// <summary>Values start, start+step, ... below stop (above it for a negative step), like torch.arange.</summary>
    public static Tensor Arange(float start, float stop, float step = 1f, Device? device = null)
    {
        if (step == 0 || float.IsNaN(step) || float.IsInfinity(step))
            throw new ArgumentException($"Arange: step must be finite and non-zero, got {step}.");
        long n = (long)Math.Max(0, Math.Ceiling((stop - (double)start) / step));
        var values = new float[n];
        for (long i = 0; i < n; i++) values[i] = (float)(start + i * (double)step);
        return FromArray(values, [(int)n], device);
    }

    /// <summary>A tensor of <paramref name="shape"/> holding <paramref name="values"/> in row-major order.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> values, Shape shape, Device? device = null)
    {
        if (values.Length != shape.NumElements)
            throw new ArgumentException($"FromArray: {values.Length} values cannot fill shape {shape} ({shape.NumElements} elements).");
        var t = Empty(shape, device ?? Device.Cpu);
        t.Device.Backend.Upload(values, t);
        return t;
    }

    /// <summary>A 1-D tensor holding <paramref name="values"/>.</summary>
    public static Tensor FromArray(float[] values, Device? device = null) => FromArray(values, [values.Length], device);

    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor FromArray(float[,] values, Device? device = null)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var flat = new float[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) flat[i * c + j] = values[i, j];
        return FromArray(flat, [r, c], device);
    }

    /// <summary>Uniform draws in [0, 1) from the counter-based stream (seed, offset).</summary>
    public static Tensor Rand(Shape shape, ulong seed, ulong offset = 0, Device? device = null) =>
        Random(shape, RandomDistribution.Uniform, seed, offset, device);

    /// <summary>Standard normal draws from the counter-based stream (seed, offset).</summary>
    public static Tensor Randn(Shape shape, ulong seed, ulong offset = 0, Device? device = null) =>
        Random(shape, RandomDistribution.Normal, seed, offset, device);

    /// <summary>Draws of <paramref name="distribution"/>; the same (seed, offset) gives the same numbers on every backend.</summary>
    public static Tensor Random(Shape shape, RandomDistribution distribution, ulong seed, ulong offset = 0, Device? device = null)
    {
        var t = Empty(shape, device ?? Device.Cpu);
        t.Device.Backend.Random(distribution, seed, offset, t);
        return t;
    }

    // ---- reading values out --------------------------------------------------------------------

    /// <summary>All values in logical row-major order (copies from the device).</summary>
    public float[] ToArray()
    {
        ThrowIfDisposed(nameof(ToArray));
        var result = new float[NumElements];
        Device.Backend.Download(this, result);
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (NumElements != 1)
            throw new InvalidOperationException($"Item: only a one-element tensor has a single value; this one has shape {Shape} ({NumElements} elements).");
        return ToArray()[0];
    }

    /// <summary>The element at <paramref name="index"/> (negative indices count from the end).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get
        {
            using var element = Select(index);
            return element.Item();
        }
    }

    /// <summary>A copy on <paramref name="device"/> (this tensor's contents, contiguous). Same device: a new view, no copy.</summary>
    public Tensor To(Device device)
    {
        ThrowIfDisposed(nameof(To));
        if (device.Equals(Device)) return new Tensor(Storage, Shape, _strides, Offset, addRef: true);
        return FromArray(ToArray(), Shape, device);
    }

    public override string ToString() => TensorFormatter.Format(this);
}
