namespace KdGan.Tensors;

/// <summary>
/// A flat float32 buffer on one device, shared by every tensor view of it. Reference counted:
/// each tensor that views it holds one reference, and the buffer is freed (or returned to its
/// device's pool) as soon as the last view is disposed, never left to the garbage collector.
/// </summary>
public abstract class Storage
{
    private int _refs = 1;

    protected Storage(Device device, long length)
    {
        Device = device;
        Length = length;
    }

    public Device Device { get; }

    /// <summary>Number of float32 elements.</summary>
    public long Length { get; }

    /// <summary>Size in bytes.</summary>
    public long Bytes => Length * sizeof(float);

    /// <summary>True once the last reference has been released.</summary>
    public bool IsFreed => Volatile.Read(ref _refs) <= 0;

    internal void AddRef()
    {
        if (Interlocked.Increment(ref _refs) <= 1)
            throw new ObjectDisposedException(nameof(Storage), "A storage was used after its last tensor was disposed.");
    }

    internal void Release()
    {
        int left = Interlocked.Decrement(ref _refs);
        if (left == 0) Free();
        else if (left < 0) throw new InvalidOperationException("A storage was released more times than it was referenced.");
    }

    /// <summary>Returns the memory to the device (or its pool).</summary>
    protected abstract void Free();
}
