using System.Runtime.InteropServices;

namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Per-thread, 64-byte aligned native pack buffers, grown on demand and reused by every later call on the
/// same thread, so the hot path allocates nothing. They live as long as their thread (pool threads live for
/// the process); the largest is KC x NC floats (about 4 MiB).
/// </summary>
internal static unsafe class GemmBuffers
{
    [ThreadStatic] private static float* t_a;
    [ThreadStatic] private static nuint t_aCount;
    [ThreadStatic] private static float* t_b;
    [ThreadStatic] private static nuint t_bCount;

    /// <summary>This thread's A pack buffer, at least <paramref name="count"/> floats.</summary>
    public static float* A(nuint count) => Ensure(ref t_a, ref t_aCount, count);

    /// <summary>This thread's B pack buffer, at least <paramref name="count"/> floats.</summary>
    public static float* B(nuint count) => Ensure(ref t_b, ref t_bCount, count);

    private static float* Ensure(ref float* buffer, ref nuint capacity, nuint count)
    {
        if (capacity >= count) return buffer;
        if (buffer != null) NativeMemory.AlignedFree(buffer);
        buffer = null;
        capacity = 0;
        buffer = (float*)NativeMemory.AlignedAlloc(count * sizeof(float), 64);
        capacity = count;
        return buffer;
    }
}
