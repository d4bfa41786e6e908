using KdGan.Tensors;

namespace KdGan.Kernels.Tests;

/// <summary>
/// What every op-family test class shares: the device under test, moving data to it, and the two comparisons
/// of the suite: against <c>ReferenceOps</c> (the spec, computed on CPU tensors) with atol + rtol * |ref|, and,
/// on the ILGPU backends, against the CPU backend's result for the same inputs.
/// </summary>
public abstract class OpTestBase
{
    protected abstract BackendKind Kind { get; }

    private Device? _device;
    protected Device D => _device ??= TestDevices.Get(Kind);

    protected bool IsGpu => Kind != BackendKind.Cpu;

    /// <summary>Deterministic data in [-scale, scale) on the CPU.</summary>
    protected static Tensor Data(Shape shape, int seed, float scale = 2f)
    {
        var rng = new Random(seed);
        var v = new float[shape.NumElements];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return Tensor.FromArray(v, shape);
    }

    /// <summary>A copy of a CPU tensor on the device under test.</summary>
    protected Tensor OnDevice(Tensor cpu) => cpu.To(D);

    /// <summary>|actual - expected| &lt;= atol + rtol * |expected| elementwise (NaN matches NaN, equal infinities match).</summary>
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
                Assert.Fail($"{context}: element {i} is {a}, expected {e} (|diff| {MathF.Abs(a - e)} > {tol})");
        }
    }

    /// <summary>
    /// Checks a device result against the reference values, and (on a GPU backend) against the CPU backend's
    /// result <paramref name="cpuResult"/> computed from the same inputs.
    /// </summary>
    protected void Check(float[] reference, Tensor result, Func<Tensor>? cpuResult, float atol, float rtol, string context)
    {
        Assert.Equal(D, result.Device);
        var actual = result.ToArray();
        AssertClose(reference, actual, atol, rtol, $"{D} vs reference, {context}");
        if (IsGpu && cpuResult is not null)
        {
            using var cpu = cpuResult();
            Assert.Equal(Device.Cpu, cpu.Device);
            AssertClose(cpu.ToArray(), actual, atol, rtol, $"{D} vs cpu backend, {context}");
        }
    }
}
