namespace KdGan.Tensors.Rng;

/// <summary>
/// A seeded position in the counter-based stream. Each draw takes the current offset and advances
/// it by the blocks it used, so a sequence of draws is reproducible from (seed, offset) alone, and the
/// state to checkpoint is just those two numbers.
/// </summary>
public sealed class Generator(ulong seed, ulong offset = 0)
{
    public ulong Seed { get; } = seed;

    /// <summary>The next unused Philox block.</summary>
    public ulong Offset { get; private set; } = offset;

    /// <summary>Moves to <paramref name="offset"/> (restoring a checkpointed state).</summary>
    public void Seek(ulong offset) => Offset = offset;

    /// <summary>Reserves the blocks for <paramref name="count"/> draws and returns their starting offset.</summary>
    public ulong Reserve(RandomDistribution distribution, long count)
    {
        ulong start = Offset;
        Offset += RandomStream.BlocksFor(distribution, count);
        return start;
    }

    public Tensor Rand(Shape shape, Device? device = null) =>
        Tensor.Random(shape, RandomDistribution.Uniform, Seed, Reserve(RandomDistribution.Uniform, shape.NumElements), device);

    public Tensor Randn(Shape shape, Device? device = null) =>
        Tensor.Random(shape, RandomDistribution.Normal, Seed, Reserve(RandomDistribution.Normal, shape.NumElements), device);

    public Tensor Gumbel(Shape shape, Device? device = null) =>
        Tensor.Random(shape, RandomDistribution.Gumbel, Seed, Reserve(RandomDistribution.Gumbel, shape.NumElements), device);
}
