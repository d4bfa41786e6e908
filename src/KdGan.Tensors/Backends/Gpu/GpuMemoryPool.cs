using ILGPU;
using ILGPU.Runtime;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// A per-accelerator caching allocator. Device allocations are slow (cuMemAlloc synchronises) and training
/// repeats the same sizes every step, so freed buffers are kept in buckets by rounded size and handed out
/// again. Sizes round up to 128 floats below 1 Mi floats and to 256 Ki floats (1 MiB) above, bounding the
/// waste. Pooled bytes are capped (<see cref="MaxPooledBytes"/>), reported to <see cref="MemoryStats"/>,
/// and released at once by <see cref="EmptyCache"/>; an allocation that runs out of device memory empties
/// the cache and tries once more.
/// </summary>
public sealed class GpuMemoryPool(Accelerator accelerator, Device device)
{
    private readonly Dictionary<long, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> _free = [];
    private readonly object _lock = new();
    private long _pooledBytes;

    /// <summary>The most bytes kept for reuse (default 4 GiB, or a quarter of device memory if smaller).</summary>
    public long MaxPooledBytes { get; set; } = Math.Min(4L << 30, Math.Max(accelerator.MemorySize / 4, 64L << 20));

    public long PooledBytes => Interlocked.Read(ref _pooledBytes);

    /// <summary>The bucket size (in floats) a request of <paramref name="length"/> floats is served from.</summary>
    public static long RoundedLength(long length)
    {
        length = Math.Max(length, 1);
        long granule = length < (1 << 20) ? 128 : 1 << 18;
        return (length + granule - 1) / granule * granule;
    }

    public MemoryBuffer1D<float, Stride1D.Dense> Rent(long length)
    {
        long rounded = RoundedLength(length);
        lock (_lock)
        {
            if (_free.TryGetValue(rounded, out var stack) && stack.Count > 0)
            {
                _pooledBytes -= rounded * sizeof(float);
                MemoryStats.SetPooled(device, _pooledBytes);
                return stack.Pop();
            }
        }
        try
        {
            return accelerator.Allocate1D<float>(rounded);
        }
        catch (Exception e) when (e is OutOfMemoryException || e.GetType().Name.Contains("OutOfMemory") ||
                                  e.Message.Contains("OUT_OF_MEMORY", StringComparison.Ordinal))
        {
            EmptyCache();
            return accelerator.Allocate1D<float>(rounded);
        }
    }

    public void Return(MemoryBuffer1D<float, Stride1D.Dense> buffer)
    {
        long bytes = buffer.Length * sizeof(float);
        lock (_lock)
        {
            if (_pooledBytes + bytes <= MaxPooledBytes)
            {
                if (!_free.TryGetValue(buffer.Length, out var stack)) _free[buffer.Length] = stack = new();
                stack.Push(buffer);
                _pooledBytes += bytes;
                MemoryStats.SetPooled(device, _pooledBytes);
                return;
            }
        }
        buffer.Dispose(); // over the cap: give it back to the device now
    }

    /// <summary>Frees every pooled buffer on the device (live tensors keep theirs).</summary>
    public void EmptyCache()
    {
        List<MemoryBuffer1D<float, Stride1D.Dense>> drop;
        lock (_lock)
        {
            drop = _free.Values.SelectMany(s => s).ToList();
            _free.Clear();
            _pooledBytes = 0;
            MemoryStats.SetPooled(device, 0);
        }
        foreach (var b in drop) b.Dispose();
    }
}
