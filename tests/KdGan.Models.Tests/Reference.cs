namespace KdGan.Models.Tests;

/// <summary>Comparison against a plain reference computed in double, with the tolerance atol + rtol * |reference|.</summary>
internal static class Reference
{
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double atol, double rtol, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: {actual.Length} values, the reference has {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i], tol = atol + rtol * Math.Abs(e);
            if (!(Math.Abs(a - e) <= tol)) // also fails on NaN or inf
                Assert.Fail($"{context}: element {i} is {a}, reference {e} (|diff| {Math.Abs(a - e):G3} > {tol:G3})");
        }
    }

    public static void AssertClose(double expected, float actual, double atol, double rtol, string context) =>
        AssertClose([expected], [actual], atol, rtol, context);

    /// <summary>Deterministic values in [-scale, scale) from a seed (independent of the library's generators).</summary>
    public static float[] Values(int count, int seed, double scale = 2)
    {
        var rng = new Random(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return v;
    }
}
