using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Tensors.Tests;

internal static class TestUtil
{
    /// <summary>The SIMD levels this machine can run (always Scalar; vector levels when the hardware has them).</summary>
    public static IEnumerable<SimdLevel> Levels() =>
        Enum.GetValues<SimdLevel>().Where(l => l <= CpuSimd.Hardware);

    public static TheoryData<SimdLevel> LevelData()
    {
        var data = new TheoryData<SimdLevel>();
        foreach (var l in Levels()) data.Add(l);
        return data;
    }

    /// <summary>Asserts |actual - expected| &lt;= atol + rtol * |expected| element by element (NaN matches NaN, inf matches inf).</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float atol, float rtol, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            if (float.IsNaN(e) && float.IsNaN(a)) continue;
            if (float.IsInfinity(e) && e == a) continue;
            float tol = atol + rtol * MathF.Abs(e);
            if (!(MathF.Abs(a - e) <= tol))
                Assert.Fail($"{context}: element {i} is {a}, reference {e} (|diff| {MathF.Abs(a - e)} > {tol})");
        }
    }

    /// <summary>Deterministic test data in [-scale, scale).</summary>
    public static Tensor RandomTensor(Shape shape, int seed, float scale = 2f)
    {
        var rng = new System.Random(seed);
        var v = new float[shape.NumElements];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return Tensor.FromArray(v, shape);
    }
}
