namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// Host memory for the CPU backend: a float array on the pinned object heap (rented from
/// <see cref="CpuMemoryPool"/>), so kernels can use raw pointers without pinning on every call.
/// </summary>
public sealed unsafe class CpuStorage : Storage
{
    internal CpuStorage(Device device, long length) : base(device, length)
    {
        if (length > Array.MaxLength)
            throw new OutOfMemoryException($"A CPU tensor of {length} elements exceeds the largest array .NET allows ({Array.MaxLength}).");
        Data = CpuMemoryPool.Rent((int)length);
        MemoryStats.StorageAllocated(device, Bytes);
    }

    /// <summary>The elements (pinned for the storage's lifetime).</summary>
    public float[] Data { get; private set; }

    /// <summary>Address of element 0 (valid while the storage is alive; the array is pinned).</summary>
    internal float* Pointer => (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(
        ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(Data));

    protected override void Free()
    {
        MemoryStats.StorageFreed(Device, Bytes);
        CpuMemoryPool.Return(Data);
        Data = [];
    }
}
