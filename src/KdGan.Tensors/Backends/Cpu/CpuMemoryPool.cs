namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// Reuses the CPU backend's pinned float arrays, keyed by exact length. Training repeats the same
/// shapes every step, so after the first step nearly every allocation is a reuse; without it each
/// large result is a fresh pinned-heap array and the GC runs full collections every few steps.
/// Pooled bytes are capped (<see cref="MaxPooledBytes"/>); <see cref="EmptyCache"/> drops them all.
/// </summary>
public static class CpuMemoryPool
{
    private static readonly Dictionary<int, Stack<float[]>> s_free = [];
    private static readonly object s_lock = new();
    private static long s_pooledBytes;

    /// <summary>The most bytes kept for reuse (default: a quarter of the memory available to .NET, at most 4 GiB).</summary>
    public static long MaxPooledBytes { get; set; } =
        Math.Min(4L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>Bytes currently held for reuse.</summary>
    public static long PooledBytes => Interlocked.Read(ref s_pooledBytes);

    internal static float[] Rent(int length)
    {
        if (length == 0) return [];
        lock (s_lock)
        {
            if (s_free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                s_pooledBytes -= (long)length * sizeof(float);
                MemoryStats.SetPooled(Device.Cpu, s_pooledBytes);
                return stack.Pop();
            }
        }
        return GC.AllocateUninitializedArray<float>(length, pinned: true);
    }

    internal static void Return(float[] array)
    {
        long bytes = (long)array.Length * sizeof(float);
        if (bytes == 0) return;
        lock (s_lock)
        {
            if (s_pooledBytes + bytes > MaxPooledBytes) return; // over the cap: leave it to the GC
            if (!s_free.TryGetValue(array.Length, out var stack)) s_free[array.Length] = stack = new Stack<float[]>();
            stack.Push(array);
            s_pooledBytes += bytes;
            MemoryStats.SetPooled(Device.Cpu, s_pooledBytes);
        }
    }

    /// <summary>Releases every pooled array to the garbage collector.</summary>
    public static void EmptyCache()
    {
        lock (s_lock)
        {
            s_free.Clear();
            s_pooledBytes = 0;
            MemoryStats.SetPooled(Device.Cpu, 0);
        }
    }
}
