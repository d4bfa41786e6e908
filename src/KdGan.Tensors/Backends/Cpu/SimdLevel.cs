using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KdGan.Tensors.Backends.Cpu;

/// <summary>The widest vector path a CPU kernel may use.</summary>
public enum SimdLevel
{
    /// <summary>Plain scalar loops (the reference-shaped path).</summary>
    Scalar = 0,
    /// <summary>128-bit vectors (SSE / NEON).</summary>
    Vector128 = 1,
    /// <summary>256-bit vectors with FMA (AVX2 + FMA).</summary>
    Vector256 = 2,
    /// <summary>
    /// 512-bit vectors (AVX-512F). Only the GEMM micro-kernel has a 512-bit body; every other kernel runs its
    /// Vector256 path at this level (they are memory-bound, and the narrower path keeps their rounding).
    /// </summary>
    Vector512 = 3,
}

/// <summary>
/// Chooses the vector path of the CPU kernels. It starts at the widest level the hardware
/// accelerates (so <c>DOTNET_EnableAVX512F=0</c> drops it to <see cref="SimdLevel.Vector256"/> and
/// <c>DOTNET_EnableAVX2=0</c> to <see cref="SimdLevel.Vector128"/>) and can
/// be lowered, never raised above the hardware, for tests that force each path
/// (see <see cref="Force"/>). Kernels read <see cref="Current"/> once per call.
/// </summary>
public static class CpuSimd
{
    /// <summary>The widest level this process may use.</summary>
    public static SimdLevel Hardware { get; } = DetectHardware();

    private static SimdLevel _current = Hardware;

    /// <summary>The level the kernels use now.</summary>
    public static SimdLevel Current => _current;

    private static SimdLevel DetectHardware()
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Fma.IsSupported && Avx2.IsSupported) return SimdLevel.Vector512;
        if (Vector256.IsHardwareAccelerated && Fma.IsSupported && Avx2.IsSupported) return SimdLevel.Vector256;
        if (Vector128.IsHardwareAccelerated) return SimdLevel.Vector128;
        return SimdLevel.Scalar;
    }

    /// <summary>
    /// Forces a level until the returned scope is disposed. A level above the hardware's is an error.
    /// Not thread-safe with kernels running on other threads: meant for tests and benchmarks.
    /// </summary>
    public static IDisposable Force(SimdLevel level)
    {
        if (level > Hardware)
            throw new NotSupportedException($"SIMD level {level} was requested but this CPU/process only supports up to {Hardware}.");
        var previous = _current;
        _current = level;
        return new Restore(previous);
    }

    private sealed class Restore(SimdLevel previous) : IDisposable
    {
        private bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            _current = previous;
        }
    }

    /// <summary>A one-line description, e.g. "Vector256 (AVX2+FMA)".</summary>
    public static string Describe(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => "Vector512 (AVX-512F)",
        SimdLevel.Vector256 => "Vector256 (AVX2+FMA)",
        SimdLevel.Vector128 => Sse2.IsSupported ? "Vector128 (SSE)" : "Vector128",
        _ => "Scalar",
    };
}
