using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// A float buffer for one kernel call, rented from <see cref="CpuMemoryPool"/> (training repeats its shapes, so
/// after the first step this is a reuse, not a fresh mapping and its page faults) and 64-byte aligned inside the
/// pinned array, so full-vector loads never split a cache line. Returned on dispose.
/// </summary>
internal sealed unsafe class ScratchBuffer : IDisposable
{
    private const int AlignFloats = 16;
    private float[]? _array;

    public ScratchBuffer(long count)
    {
        _array = CpuMemoryPool.Rent(checked((int)(Math.Max(1, count) + AlignFloats)));
        float* p = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        Ptr = (float*)(((nint)p + 63) & ~(nint)63);
    }

    /// <summary>The first of the count floats asked for.</summary>
    public float* Ptr { get; }

    public void Dispose()
    {
        if (_array is null) return;
        CpuMemoryPool.Return(_array);
        _array = null;
    }
}
