using KdGan.Tensors.Backends.Gpu;

namespace KdGan.Tensors;

/// <summary>A device picked by <see cref="Devices.Auto"/> and the one-line reason for the pick.</summary>
public sealed record DeviceChoice(Device Device, string Reason)
{
    public override string ToString() => $"{Device} ({Reason})";
}

/// <summary>
/// Device selection by name, as <c>--device</c> takes it:
/// <list type="bullet">
/// <item><c>cpu</c>: the SIMD CPU backend;</item>
/// <item><c>cuda</c> or <c>cuda:N</c>: the ILGPU kernels on an NVIDIA GPU; with no usable GPU this fails with a
/// <see cref="GpuUnavailableException"/> that says what was found (no driver, no device, unsupported architecture);</item>
/// <item><c>auto</c>: CUDA when ILGPU finds a usable device, else the CPU, with a one-line reason;</item>
/// <item><c>ilgpu-cpu</c>: the GPU kernels on ILGPU's CPU accelerator (slow; for tests and debugging kernels).</item>
/// </list>
/// </summary>
public static class Devices
{
    public static Device Cpu => Device.Cpu;

    /// <summary>The GPU kernels on ILGPU's CPU accelerator.</summary>
    public static Device IlgpuCpu => GpuRuntime.IlgpuCpu.Device;

    /// <summary>CUDA device <paramref name="index"/>; throws <see cref="GpuUnavailableException"/> saying what was found.</summary>
    public static Device Cuda(int index = 0) => GpuRuntime.Cuda(index).Device;

    /// <summary>What a look for NVIDIA GPUs finds (never throws).</summary>
    public static CudaProbeResult ProbeCuda() => CudaProbe.Run();

    /// <summary>True when <c>cuda:0</c> can be opened.</summary>
    public static bool CudaAvailable => TryCuda(out _, out _);

    /// <summary>Opens <c>cuda:index</c> if possible; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryCuda(out Device? device, out string reason, int index = 0)
    {
        try
        {
            device = Cuda(index);
            reason = GpuRuntime.Cuda(index).Describe();
            return true;
        }
        catch (GpuUnavailableException e)
        {
            device = null;
            reason = e.Message;
            return false;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            device = null;
            reason = $"the CUDA driver could not be loaded: {e.Message}";
            return false;
        }
    }

    /// <summary>CUDA when a usable GPU is found, else the CPU; the reason says which and why.</summary>
    public static DeviceChoice Auto()
    {
        if (TryCuda(out var cuda, out string reason)) return new DeviceChoice(cuda!, $"auto: using the GPU, {reason}");
        return new DeviceChoice(Device.Cpu, $"auto: using the CPU, {reason.TrimEnd('.')}");
    }

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, <c>auto</c> or <c>ilgpu-cpu</c> (case-insensitive).</summary>
    public static Device Parse(string name) => Select(name).Device;

    /// <summary>
    /// The one parser of device names: "cpu", "auto", "ilgpu-cpu", "cuda" or "cuda:N" in any case, returned in that
    /// spelling; anything else throws <see cref="ArgumentException"/>. Opens nothing: <see cref="Select"/> does.
    /// </summary>
    /// <summary>The device names <see cref="Normalize"/> accepts, for messages and help.</summary>
    public const string Names = "cpu, cuda, cuda:N, ilgpu-cpu or auto";

    public static string Normalize(string name)
    {
        string n = (name ?? "").Trim().ToLowerInvariant();
        if (n is "cpu" or "auto" or "ilgpu-cpu" or "cuda") return n;
        if (n.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(n[5..], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int index))
            return $"cuda:{index}";
        throw new ArgumentException($"must be {Names}, got '{name}'.");
    }

    /// <summary>Like <see cref="Parse"/>, with the reason for the pick.</summary>
    public static DeviceChoice Select(string name)
    {
        string n = Normalize(name);
        return n switch
        {
            "cpu" => new(Device.Cpu, "cpu: asked for"),
            "auto" => Auto(),
            "ilgpu-cpu" => new(IlgpuCpu, "ilgpu-cpu: asked for (GPU kernels on ILGPU's CPU accelerator)"),
            "cuda" => new(Cuda(0), "cuda: asked for"),
            _ => new(Cuda(int.Parse(n[5..], System.Globalization.CultureInfo.InvariantCulture)), $"{n}: asked for"),
        };
    }
}
