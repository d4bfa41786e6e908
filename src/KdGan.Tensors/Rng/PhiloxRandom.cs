namespace KdGan.Tensors.Rng;

/// <summary>
/// A small sequential generator over the counter-based Philox 4x32-10 stream of
/// <see cref="Philox"/>: key = a 64-bit seed, counter = 0, 1, 2, ...; each block gives four 32-bit
/// draws. All data randomness (shuffles, subsets, augmentation, MNIST-Tags) comes from here, keyed by
/// <see cref="Mix"/> of the user's seed and a purpose, so it is reproducible on every machine and
/// independent of threads and timing.
/// </summary>
public sealed class PhiloxRandom(ulong seed)
{
    private ulong _block;
    private (uint, uint, uint, uint) _lanes;
    private int _next = 4;

    public ulong Seed { get; } = seed;

    /// <summary>Mixes a seed with stream identifiers (SplitMix64 finaliser per part) into one key.</summary>
    public static ulong Mix(ulong seed, params ReadOnlySpan<ulong> parts)
    {
        ulong h = SplitMix(seed ^ 0x6A09E667F3BCC909UL);
        foreach (ulong p in parts) h = SplitMix(h ^ SplitMix(p + 0x9E3779B97F4A7C15UL));
        return h;
    }

    private static ulong SplitMix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public uint NextUInt()
    {
        if (_next == 4)
        {
            _lanes = Philox.Block(Seed, _block++);
            _next = 0;
        }
        var (a, b, c, d) = _lanes;
        return _next++ switch { 0 => a, 1 => b, 2 => c, _ => d };
    }

    /// <summary>Uniform in [0, 1), 24 bits.</summary>
    public float NextFloat() => Philox.ToUniform(NextUInt());

    /// <summary>Uniform in [lo, hi).</summary>
    public float Uniform(float lo, float hi) => lo + (hi - lo) * NextFloat();

    /// <summary>Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"NextInt: n must be positive, got {n}.");
        ulong m = (ulong)NextUInt() * (uint)n;
        uint low = (uint)m;
        if (low < (uint)n)
        {
            uint threshold = (uint)(-n) % (uint)n;
            while (low < threshold)
            {
                m = (ulong)NextUInt() * (uint)n;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(float p) => NextFloat() < p;

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle<int>(p);
        return p;
    }
}
