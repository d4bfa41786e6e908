using System.Runtime.CompilerServices;

namespace KdGan.Tensors.Rng;

/// <summary>
/// Philox 4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
/// counter-based generator. Block <c>b</c> of the stream with key <c>seed</c> is a pure function of
/// (seed, b), so any thread, any backend, in any order, can produce the same numbers. Uses only
/// 32-bit multiplies and xors, which a GPU kernel reproduces exactly.
/// </summary>
public static class Philox
{
    internal const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57; // round multipliers
    internal const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85; // Weyl key increments (golden ratio, sqrt(3)-1)

    /// <summary>The four 32-bit outputs of counter <paramref name="block"/> under key <paramref name="seed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(ulong seed, ulong block) =>
        Rounds10((uint)block, (uint)(block >> 32), 0, 0, (uint)seed, (uint)(seed >> 32));

    /// <summary>The full Philox4x32-10 bijection of a 128-bit counter under a 64-bit key (Random123's philox4x32_R(10, ...)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Rounds10(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0, hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
            k0 += W0;
            k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>Maps 32 random bits to a float in [0, 1) with 24 bits of precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToUniform(uint bits) => (bits >> 8) * (1f / 16777216f);

    /// <summary>Maps 32 random bits to a float in the open interval (0, 1), safe for log.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToOpenUniform(uint bits) => ((bits >> 8) + 0.5f) * (1f / 16777216f);
}
