using KdGan.Testing;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>
/// What every op-family test class shares: the device under test, moving data to it, and the two comparisons
/// of the suite: against <c>ReferenceOps</c> (the spec, computed on CPU tensors) within <see cref="Tolerance"/>, and,
/// on the ILGPU backends, against the CPU backend's result for the same inputs.
/// </summary>
public abstract class OpTestBase
{
    protected abstract BackendKind Kind { get; }

    private Device? _device;
    protected Device D => _device ??= TestDevices.Get(Kind);

    protected bool IsGpu => Kind != BackendKind.Cpu;

    /// <summary>A copy of a CPU tensor on the device under test.</summary>
    protected Tensor OnDevice(Tensor cpu) => cpu.To(D);

    /// <summary>
    /// Checks a device result against the reference values, and (on a GPU backend) against the CPU backend's
    /// result <paramref name="cpuResult"/> computed from the same inputs.
    /// </summary>
    protected void Check(float[] reference, Tensor result, Func<Tensor>? cpuResult, float atol, float rtol, string context)
    {
        Assert.Equal(D, result.Device);
        var actual = result.ToArray();
        Tolerance.AssertClose(reference, actual, atol, rtol, $"{D} vs reference, {context}");
        if (IsGpu && cpuResult is not null)
        {
            using var cpu = cpuResult();
            Assert.Equal(Device.Cpu, cpu.Device);
            Tolerance.AssertClose(cpu.ToArray(), actual, atol, rtol, $"{D} vs cpu backend, {context}");
        }
    }
}
