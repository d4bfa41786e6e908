using System.Collections.Concurrent;

namespace KdGan.Tensors;

/// <summary>A snapshot of one device's memory: live tensors, bytes held by live storages, bytes pooled.</summary>
public readonly record struct MemorySnapshot(long LiveTensors, long LiveStorages, long BytesInUse, long BytesPooled)
{
    public override string ToString() =>
        $"{LiveTensors} live tensors, {LiveStorages} storages, {BytesInUse / 1024.0 / 1024.0:F2} MiB in use, {BytesPooled / 1024.0 / 1024.0:F2} MiB pooled";
}

/// <summary>
/// Counts what each device holds, so tests can assert that a computation left no live
/// temporaries behind (take a snapshot before, compare after).
/// </summary>
public static class MemoryStats
{
    private sealed class Counters
    {
        public long LiveTensors, LiveStorages, BytesInUse, BytesPooled;
    }

    private static readonly ConcurrentDictionary<Device, Counters> s_counters = new();

    private static Counters For(Device d) => s_counters.GetOrAdd(d, _ => new Counters());

    /// <summary>The current counters of <paramref name="device"/>.</summary>
    public static MemorySnapshot Snapshot(Device device)
    {
        var c = For(device);
        return new MemorySnapshot(Interlocked.Read(ref c.LiveTensors), Interlocked.Read(ref c.LiveStorages),
            Interlocked.Read(ref c.BytesInUse), Interlocked.Read(ref c.BytesPooled));
    }

    internal static void TensorCreated(Device d) => Interlocked.Increment(ref For(d).LiveTensors);
    internal static void TensorDisposed(Device d) => Interlocked.Decrement(ref For(d).LiveTensors);

    internal static void StorageAllocated(Device d, long bytes)
    {
        var c = For(d);
        Interlocked.Increment(ref c.LiveStorages);
        Interlocked.Add(ref c.BytesInUse, bytes);
    }

    internal static void StorageFreed(Device d, long bytes)
    {
        var c = For(d);
        Interlocked.Decrement(ref c.LiveStorages);
        Interlocked.Add(ref c.BytesInUse, -bytes);
    }

    /// <summary>Lets a pooling allocator report the bytes it keeps for reuse.</summary>
    public static void SetPooled(Device d, long bytes) => Interlocked.Exchange(ref For(d).BytesPooled, bytes);
}
