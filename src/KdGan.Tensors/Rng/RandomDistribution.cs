using System.Runtime.CompilerServices;

namespace KdGan.Tensors.Rng;

/// <summary>The distributions the backends draw from the counter-based stream.</summary>
public enum RandomDistribution
{
    /// <summary>U[0, 1). Element i uses lane i % 4 of Philox block offset + i / 4.</summary>
    Uniform,
    /// <summary>N(0, 1) by Box-Muller. Element i uses lanes 0,1 of block offset + i / 2 (cos for even i, sin for odd).</summary>
    Normal,
    /// <summary>Gumbel(0, 1) = -log(-log u), u in (0, 1), log as <see cref="GumbelNoise.Log"/>. Element i uses lane i % 4 of block offset + i / 4.</summary>
    Gumbel,
}

/// <summary>
/// The value of element <c>i</c> of a draw, as a pure function of (seed, offset, i): the definition
/// every backend implements, so CPU and GPU agree. <c>offset</c> counts Philox blocks.
/// </summary>
public static class RandomStream
{
    /// <summary>Philox blocks a draw of <paramref name="count"/> values consumes (advance the offset by this).</summary>
    public static ulong BlocksFor(RandomDistribution distribution, long count) => distribution switch
    {
        RandomDistribution.Normal => (ulong)((count + 1) / 2),
        _ => (ulong)((count + 3) / 4),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sample(RandomDistribution distribution, ulong seed, ulong offset, long i)
    {
        switch (distribution)
        {
            case RandomDistribution.Uniform:
                return Philox.ToUniform(Lane(Philox.Block(seed, offset + (ulong)(i >> 2)), (int)(i & 3)));
            case RandomDistribution.Gumbel:
            {
                return GumbelNoise.FromBits(Lane(Philox.Block(seed, offset + (ulong)(i >> 2)), (int)(i & 3)));
            }
            case RandomDistribution.Normal:
            {
                var b = Philox.Block(seed, offset + (ulong)(i >> 1));
                float u1 = Philox.ToOpenUniform(b.X0), u2 = Philox.ToUniform(b.X1);
                float r = MathF.Sqrt(-2f * MathF.Log(u1));
                float theta = 2f * MathF.PI * u2;
                return (i & 1) == 0 ? r * MathF.Cos(theta) : r * MathF.Sin(theta);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown distribution.");
        }
    }

    /// <summary>
    /// Elements [start, start + dst.Length) of a draw, equal to <see cref="Sample"/> for each index but computing
    /// each Philox block once (four uniform or Gumbel values, or two normal values, per block).
    /// </summary>
    public static void Fill(RandomDistribution distribution, ulong seed, ulong offset, long start, Span<float> dst)
    {
        if (distribution == RandomDistribution.Gumbel) GumbelNoise.Fill(seed, offset, start, dst);
        else FillByBlocks(distribution, seed, offset, start, dst);
    }

    /// <summary><see cref="Fill"/> one Philox block at a time, scalar (also the head and fallback of Gumbel's vector fill).</summary>
    internal static void FillByBlocks(RandomDistribution distribution, ulong seed, ulong offset, long start, Span<float> dst)
    {
        int perBlock = distribution == RandomDistribution.Normal ? 2 : 4;
        long i = start, end = start + dst.Length;
        while (i < end)
        {
            long block = i / perBlock;
            var b = Philox.Block(seed, offset + (ulong)block);
            for (long e = Math.Max(i, block * perBlock); e < Math.Min(end, (block + 1) * perBlock); e++)
                dst[(int)(e - start)] = FromBlock(distribution, b, (int)(e % perBlock));
            i = (block + 1) * perBlock;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float FromBlock(RandomDistribution distribution, (uint X0, uint X1, uint X2, uint X3) b, int lane)
    {
        switch (distribution)
        {
            case RandomDistribution.Uniform: return Philox.ToUniform(Lane(b, lane));
            case RandomDistribution.Gumbel: return GumbelNoise.FromBits(Lane(b, lane));
            default:
            {
                float r = MathF.Sqrt(-2f * MathF.Log(Philox.ToOpenUniform(b.X0)));
                float theta = 2f * MathF.PI * Philox.ToUniform(b.X1);
                return lane == 0 ? r * MathF.Cos(theta) : r * MathF.Sin(theta);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Lane((uint X0, uint X1, uint X2, uint X3) b, int lane) =>
        lane switch { 0 => b.X0, 1 => b.X1, 2 => b.X2, _ => b.X3 };
}
