using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// The counter-based stream of <see cref="Rng.RandomStream"/> on the GPU: one thread per Philox block,
/// writing the elements that block defines (4 for uniform and Gumbel, 2 for normal). The integer path is
/// the same arithmetic as <see cref="Rng.Philox"/> (32-bit products through 64-bit multiplies), so the
/// uniform bits are identical to the CPU's; the float transforms use the same formulas with XMath.
/// The ten rounds are written out by hand (ILGPU does not unroll loops).
/// </summary>
public static class PhiloxKernels
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref uint c0, ref uint c1, ref uint c2, ref uint c3, uint k0, uint k1)
    {
        ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
        uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0, hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
        uint n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
    }

    /// <summary>Philox4x32-10 of counter (block, 0) under key seed: the same four words as <see cref="Rng.Philox.Block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(ulong seed, ulong block, out uint x0, out uint x1, out uint x2, out uint x3)
    {
        uint c0 = (uint)block, c1 = (uint)(block >> 32), c2 = 0, c3 = 0;
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1); k0 += W0; k1 += W1;
        Round(ref c0, ref c1, ref c2, ref c3, k0, k1);
        x0 = c0; x1 = c1; x2 = c2; x3 = c3;
    }

    /// <summary>32 random bits to [0, 1) with 24 bits (exact: a 24-bit integer times 2^-24). The int cast keeps the
    /// conversion in 32 bits (an unsigned one goes through double in IL).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ToUniform(uint bits) => (int)(bits >> 8) * (1f / 16777216f);

    /// <summary>32 random bits to the open interval (0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ToOpenUniform(uint bits) => ((int)(bits >> 8) + 0.5f) * (1f / 16777216f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ToGumbel(uint bits) => -XMath.Log(-XMath.Log(ToOpenUniform(bits)));

    /// <summary>Elements 4b .. 4b+3 of a U[0, 1) draw (block offset + b).</summary>
    public static void Uniform(Index1D b, ArrayView<float> y, int count, ulong seed, ulong offset)
    {
        int bi = b;
        Block(seed, offset + (ulong)bi, out uint x0, out uint x1, out uint x2, out uint x3);
        int i = bi * 4;
        if (i < count) y[i] = ToUniform(x0);
        if (i + 1 < count) y[i + 1] = ToUniform(x1);
        if (i + 2 < count) y[i + 2] = ToUniform(x2);
        if (i + 3 < count) y[i + 3] = ToUniform(x3);
    }

    /// <summary>Elements 4b .. 4b+3 of a Gumbel(0, 1) draw.</summary>
    public static void Gumbel(Index1D b, ArrayView<float> y, int count, ulong seed, ulong offset)
    {
        int bi = b;
        Block(seed, offset + (ulong)bi, out uint x0, out uint x1, out uint x2, out uint x3);
        int i = bi * 4;
        if (i < count) y[i] = ToGumbel(x0);
        if (i + 1 < count) y[i + 1] = ToGumbel(x1);
        if (i + 2 < count) y[i + 2] = ToGumbel(x2);
        if (i + 3 < count) y[i + 3] = ToGumbel(x3);
    }

    /// <summary>Elements 2b (cos) and 2b+1 (sin) of a N(0, 1) draw by Box-Muller on lanes 0 and 1 of block offset + b.</summary>
    public static void Normal(Index1D b, ArrayView<float> y, int count, ulong seed, ulong offset)
    {
        int bi = b;
        Block(seed, offset + (ulong)bi, out uint x0, out uint x1, out _, out _);
        float u1 = ToOpenUniform(x0), u2 = ToUniform(x1);
        float r = XMath.Sqrt(-2f * XMath.Log(u1));
        float theta = 2f * MathF.PI * u2;
        int i = bi * 2;
        if (i < count) y[i] = r * XMath.Cos(theta);
        if (i + 1 < count) y[i + 1] = r * XMath.Sin(theta);
    }
}
