using KdGan.Tensors;

namespace KdGan.Testing;

/// <summary>Deterministic test inputs from a seed, independent of the library's own generators.</summary>
internal static class SeededData
{
    /// <summary><paramref name="count"/> values uniform in [-scale, scale).</summary>
    public static float[] Floats(int count, int seed, double scale = 2)
    {
        var rng = new Random(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return v;
    }

    /// <summary>A CPU tensor of <see cref="Floats"/>.</summary>
    public static Tensor Tensor(Shape shape, int seed, double scale = 2) =>
        KdGan.Tensors.Tensor.FromArray(Floats(checked((int)shape.NumElements), seed, scale), shape);
}
