using ILGPU;
using ILGPU.Runtime;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// Device memory for one tensor storage: a buffer rented from the device's <see cref="GpuMemoryPool"/>
/// (possibly a little longer than <see cref="Storage.Length"/>), returned to the pool the moment the last
/// view is disposed. Kernels address it as an <see cref="ArrayView{T}"/> with int offsets, so one storage
/// holds at most <see cref="int.MaxValue"/> floats (8 GiB).
/// </summary>
public sealed class GpuStorage : Storage
{
    private readonly GpuMemoryPool _pool;
    private MemoryBuffer1D<float, Stride1D.Dense>? _buffer;

    internal GpuStorage(Device device, GpuMemoryPool pool, long length) : base(device, length)
    {
        if (length > int.MaxValue)
            throw new NotSupportedException($"A {device} tensor of {length} elements exceeds the GPU backend's limit of {int.MaxValue} elements per storage.");
        _pool = pool;
        _buffer = pool.Rent(length);
        MemoryStats.StorageAllocated(device, Bytes);
    }

    /// <summary>The storage's elements as a view (its first <see cref="Storage.Length"/> elements).</summary>
    public ArrayView<float> View =>
        (_buffer ?? throw new ObjectDisposedException(nameof(GpuStorage), "A GPU storage was used after its last tensor was disposed."))
        .View.SubView(0, Math.Max(Length, 1));

    protected override void Free()
    {
        MemoryStats.StorageFreed(Device, Bytes);
        var b = _buffer;
        _buffer = null;
        if (b is not null) _pool.Return(b);
    }
}
