namespace KdGan.Testing;

/// <summary>
/// The one closeness rule of every test project: |actual - expected| &lt;= atol + rtol * |expected|, element by
/// element. A NaN reference is matched only by NaN and an infinite one only by the same infinity; any other NaN or
/// infinity fails.
/// </summary>
internal static class Tolerance
{
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double atol, double rtol, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: {actual.Length} values, the reference has {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (double.IsInfinity(e) && e == a) continue;
            double tol = atol + rtol * Math.Abs(e);
            if (!(Math.Abs(a - e) <= tol)) // also fails on a NaN or infinity the reference does not have
                Assert.Fail($"{context}: element {i} is {a}, reference {e} (|diff| {Math.Abs(a - e):G3} > {tol:G3})");
        }
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol, string context)
    {
        var wide = new double[expected.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = expected[i];
        AssertClose(wide, actual, atol, rtol, context);
    }

    public static void AssertClose(double expected, float actual, double atol, double rtol, string context) =>
        AssertClose([expected], [actual], atol, rtol, context);
}
