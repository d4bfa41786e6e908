using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Tensors.Rng;

/// <summary>
/// Gumbel(0, 1) noise g = -log(-log u) from the counter-based stream, with its own natural log so that one
/// scalar definition and an 8-wide AVX2 twin give the same bits: the scalar form is the spec
/// (<see cref="RandomStream.Sample"/>, the reference loops), the vector form fills a row eight Philox blocks at a
/// time (4 blocks per register, 64-bit lanes, so one <c>vpmuludq</c> gives each round's full 32 x 32 product).
/// </summary>
public static class GumbelNoise
{
    /// <summary>The Gumbel value of 32 random bits (u = <see cref="Philox.ToOpenUniform"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FromBits(uint bits) => -Log(-Log(Philox.ToOpenUniform(bits)));

    // Cephes' logf: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), log x = log1p(m - 1) + e log 2, log1p by a
    // degree-9 polynomial, log 2 split in two for the e term. Within 2 ulp of log on (0, inf) for normal inputs,
    // which are all this sees (u >= 2^-25, -log u >= 2^-25). Plain multiplies and adds (no FMA), in the same
    // order in both forms: that is what makes their bits equal.
    private const float SqrtHalf = 0.707106781186547524f, Log2Lo = -2.12194440e-4f, Log2Hi = 0.693359375f;
    private const float P0 = 7.0376836292E-2f, P1 = -1.1514610310E-1f, P2 = 1.1676998740E-1f, P3 = -1.2420140846E-1f,
        P4 = 1.4249322787E-1f, P5 = -1.6668057665E-1f, P6 = 2.0000714765E-1f, P7 = -2.4999993993E-1f, P8 = 3.3333331174E-1f;

    /// <summary>The natural log of a positive normal float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        int e = ((bits >> 23) & 0xff) - 126;
        float m = BitConverter.Int32BitsToSingle((bits & 0x007fffff) | 0x3f000000);
        if (m < SqrtHalf) { e -= 1; m = m + m; }
        m = m - 1f;
        float z = m * m;
        float y = P0 * m + P1;
        y = y * m + P2; y = y * m + P3; y = y * m + P4; y = y * m + P5; y = y * m + P6; y = y * m + P7; y = y * m + P8;
        y = y * m * z;
        float fe = e;
        y = y + fe * Log2Lo;
        y = y + z * -0.5f;
        return m + y + fe * Log2Hi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log(Vector256<float> x)
    {
        var bits = x.AsInt32();
        var e = ((bits >> 23) & Vector256.Create(0xff)) - Vector256.Create(126);
        var m = ((bits & Vector256.Create(0x007fffff)) | Vector256.Create(0x3f000000)).AsSingle();
        var small = Vector256.LessThan(m, Vector256.Create(SqrtHalf));
        e += small.AsInt32(); // -1 where small
        m = Vector256.ConditionalSelect(small, m + m, m);
        m -= Vector256.Create(1f);
        var z = m * m;
        var y = Vector256.Create(P0) * m + Vector256.Create(P1);
        y = y * m + Vector256.Create(P2); y = y * m + Vector256.Create(P3); y = y * m + Vector256.Create(P4);
        y = y * m + Vector256.Create(P5); y = y * m + Vector256.Create(P6); y = y * m + Vector256.Create(P7);
        y = y * m + Vector256.Create(P8);
        y = y * m * z;
        var fe = Vector256.ConvertToSingle(e);
        y += fe * Vector256.Create(Log2Lo);
        y += z * Vector256.Create(-0.5f);
        return m + y + fe * Vector256.Create(Log2Hi);
    }

    /// <summary>Elements [start, start + dst.Length) of a Gumbel draw, as <see cref="RandomStream.Fill"/>.</summary>
    internal static unsafe void Fill(ulong seed, ulong offset, long start, Span<float> dst)
    {
        long end = start + dst.Length;
        long head = Math.Min(end, (start + 3) / 4 * 4);
        if (!Avx2.IsSupported || CpuSimd.Current < SimdLevel.Vector256 || end - head < 32)
        {
            RandomStream.FillByBlocks(RandomDistribution.Gumbel, seed, offset, start, dst);
            return;
        }
        RandomStream.FillByBlocks(RandomDistribution.Gumbel, seed, offset, start, dst[..(int)(head - start)]);
        long i = head;
        fixed (float* p = dst)
        {
            float* q = p - start;
            for (; i + 32 <= end; i += 32) EightBlocks(seed, offset + (ulong)(i / 4), q + i);
            if (i < end)
            {
                // The tail (fewer than 32, from a block boundary): a full set into scratch, the used part copied.
                float* tail = stackalloc float[32];
                EightBlocks(seed, offset + (ulong)(i / 4), tail);
                new Span<float>(tail, (int)(end - i)).CopyTo(dst[(int)(i - start)..]);
            }
        }
    }

    /// <summary>
    /// The 32 values of Philox blocks first .. first + 7 (<see cref="Philox.Rounds10"/>, four lanes per register):
    /// two independent sets of four, interleaved, because one set's rounds are a chain of dependent multiplies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void EightBlocks(ulong seed, ulong first, float* dst)
    {
        var low = Vector256.Create(0xFFFFFFFFUL);
        var counterA = Vector256.Create(first) + Vector256.Create(0UL, 1, 2, 3);
        var counterB = counterA + Vector256.Create(4UL);
        Vector256<ulong> a0 = counterA & low, a1 = counterA >> 32, a2 = Vector256<ulong>.Zero, a3 = Vector256<ulong>.Zero;
        Vector256<ulong> b0 = counterB & low, b1 = counterB >> 32, b2 = Vector256<ulong>.Zero, b3 = Vector256<ulong>.Zero;
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        var m0 = Vector256.Create((ulong)Philox.M0).AsUInt32();
        var m1 = Vector256.Create((ulong)Philox.M1).AsUInt32();
        for (int round = 0; round < 10; round++)
        {
            var key0 = Vector256.Create((ulong)k0);
            var key1 = Vector256.Create((ulong)k1);
            var pa0 = Avx2.Multiply(a0.AsUInt32(), m0);
            var pb0 = Avx2.Multiply(b0.AsUInt32(), m0);
            var pa1 = Avx2.Multiply(a2.AsUInt32(), m1);
            var pb1 = Avx2.Multiply(b2.AsUInt32(), m1);
            a0 = (pa1 >> 32) ^ a1 ^ key0;
            b0 = (pb1 >> 32) ^ b1 ^ key0;
            a2 = (pa0 >> 32) ^ a3 ^ key1;
            b2 = (pb0 >> 32) ^ b3 ^ key1;
            a1 = pa1 & low;
            b1 = pb1 & low;
            a3 = pa0 & low;
            b3 = pb0 & low;
            k0 += Philox.W0;
            k1 += Philox.W1;
        }
        Emit(a0, a1, a2, a3, dst);
        Emit(b0, b1, b2, b3, dst + 16);
    }

    /// <summary>Four blocks' words (x0 .. x3, one block per 64-bit lane) as their 16 values in element order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Emit(Vector256<ulong> x0, Vector256<ulong> x1, Vector256<ulong> x2, Vector256<ulong> x3, float* dst)
    {
        var a = x0 | (x1 << 32);           // (x0, x1) of each block
        var b = x2 | (x3 << 32);           // (x2, x3) of each block
        var lo = Avx2.UnpackLow(a, b);     // blocks 0 and 2
        var hi = Avx2.UnpackHigh(a, b);    // blocks 1 and 3
        Store(Avx2.Permute2x128(lo, hi, 0x20).AsUInt32(), dst);
        Store(Avx2.Permute2x128(lo, hi, 0x31).AsUInt32(), dst + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(Vector256<uint> bits, float* dst)
    {
        // Philox.ToOpenUniform, eight at once: (bits >> 8) + 0.5, times 2^-24 (both exact in float).
        var u = (Vector256.ConvertToSingle((bits >> 8).AsInt32()) + Vector256.Create(0.5f)) * Vector256.Create(1f / 16777216f);
        (-Log(-Log(u))).Store(dst);
    }
}
