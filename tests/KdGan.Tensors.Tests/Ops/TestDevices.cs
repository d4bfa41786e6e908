using KdGan.Tensors;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>The backends the op suite runs on.</summary>
public enum BackendKind
{
    /// <summary>The SIMD CPU backend.</summary>
    Cpu,
    /// <summary>The ILGPU kernels on ILGPU's CPU accelerator (runs everywhere).</summary>
    IlgpuCpu,
    /// <summary>The ILGPU kernels on CUDA device 0 (skipped with the reason when there is no usable GPU).</summary>
    Cuda,
}

/// <summary>Marks a test class whose tests need a CUDA GPU; <see cref="BackendFactAttribute"/> skips them, with the reason, when there is none.</summary>
public interface IRequiresCuda;

public static class TestDevices
{
    private static readonly Lazy<string?> s_cudaSkip = new(() =>
        Devices.TryCuda(out _, out string reason) ? null : $"no usable CUDA GPU: {reason}");

    /// <summary>Null when a CUDA device is usable; otherwise why the CUDA tests are skipped.</summary>
    public static string? CudaSkipReason => s_cudaSkip.Value;

    public static Device Get(BackendKind kind) => kind switch
    {
        BackendKind.Cpu => Device.Cpu,
        BackendKind.IlgpuCpu => Devices.IlgpuCpu,
        BackendKind.Cuda => Devices.Cuda(0),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
