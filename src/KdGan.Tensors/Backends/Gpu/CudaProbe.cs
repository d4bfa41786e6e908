using System.Runtime.InteropServices;
using System.Text;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>One CUDA device as the driver reports it, and whether ILGPU 1.5.3 can target it.</summary>
public sealed record CudaDeviceInfo(int Index, string Name, int Major, int Minor, long MemoryBytes, bool SupportedByIlgpu)
{
    public override string ToString() =>
        $"cuda:{Index} {Name}, compute capability {Major}.{Minor}, {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB" +
        (SupportedByIlgpu ? "" : " (architecture not supported by ILGPU 1.5.3)");
}

/// <summary>What a look for NVIDIA GPUs found: the driver library, its version, the devices, or why there are none.</summary>
public sealed record CudaProbeResult(bool DriverFound, string? DriverLibrary, int DriverVersion, IReadOnlyList<CudaDeviceInfo> Devices, string Summary)
{
    /// <summary>True when at least one device can run our kernels.</summary>
    public bool Usable => Devices.Any(d => d.SupportedByIlgpu);
}

/// <summary>
/// Asks the CUDA driver directly (cuInit, cuDeviceGetCount, ...) what is there, independently of ILGPU, so
/// that "no GPU" can be told apart into: no driver library, a driver that fails to initialise, no device, or a
/// device whose architecture ILGPU 1.5.3 cannot target.
/// </summary>
public static unsafe class CudaProbe
{
    private const int AttrMajor = 75, AttrMinor = 76;
    private static CudaProbeResult? s_result;
    private static readonly object s_lock = new();

    public static CudaProbeResult Run()
    {
        lock (s_lock) return s_result ??= RunOnce();
    }

    private static CudaProbeResult RunOnce()
    {
        IntPtr lib = IntPtr.Zero;
        string? libName = null;
        foreach (var candidate in CudaLibraryResolver.Candidates)
            if (NativeLibrary.TryLoad(candidate, out lib)) { libName = candidate; break; }
        if (libName is null)
            return new(false, null, 0, [], $"no NVIDIA driver: {string.Join(" / ", CudaLibraryResolver.Candidates)} not found");
        try
        {
            var cuInit = (delegate* unmanaged<uint, int>)NativeLibrary.GetExport(lib, "cuInit");
            var cuDriverGetVersion = (delegate* unmanaged<int*, int>)NativeLibrary.GetExport(lib, "cuDriverGetVersion");
            var cuDeviceGetCount = (delegate* unmanaged<int*, int>)NativeLibrary.GetExport(lib, "cuDeviceGetCount");
            var cuDeviceGet = (delegate* unmanaged<int*, int, int>)NativeLibrary.GetExport(lib, "cuDeviceGet");
            var cuDeviceGetName = (delegate* unmanaged<byte*, int, int, int>)NativeLibrary.GetExport(lib, "cuDeviceGetName");
            var cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)NativeLibrary.GetExport(lib, "cuDeviceGetAttribute");
            var cuDeviceTotalMem = (delegate* unmanaged<nuint*, int, int>)NativeLibrary.GetExport(lib, "cuDeviceTotalMem_v2");

            int version = 0;
            cuDriverGetVersion(&version);
            int err = cuInit(0);
            if (err != 0)
                return new(true, libName, version, [], err == 100
                    ? $"NVIDIA driver {FormatVersion(version)} found ({libName}) but it reports no CUDA device (CUDA_ERROR_NO_DEVICE)"
                    : $"NVIDIA driver {FormatVersion(version)} found ({libName}) but cuInit failed with CUDA error {err}");
            int count = 0;
            err = cuDeviceGetCount(&count);
            if (err != 0 || count == 0)
                return new(true, libName, version, [], $"NVIDIA driver {FormatVersion(version)} found ({libName}) but it reports no CUDA device");
            var devices = new List<CudaDeviceInfo>();
            byte* name = stackalloc byte[256];
            for (int i = 0; i < count; i++)
            {
                int dev = 0, major = 0, minor = 0;
                cuDeviceGet(&dev, i);
                cuDeviceGetName(name, 256, dev);
                cuDeviceGetAttribute(&major, AttrMajor, dev);
                cuDeviceGetAttribute(&minor, AttrMinor, dev);
                nuint mem = 0;
                cuDeviceTotalMem(&mem, dev);
                bool supported = ILGPU.Runtime.Cuda.CudaDevice.TryGetArchitecture(major, minor, out _);
                devices.Add(new(i, Marshal.PtrToStringUTF8((IntPtr)name) ?? "?", major, minor, (long)mem, supported));
            }
            var sb = new StringBuilder($"NVIDIA driver {FormatVersion(version)} ({libName}): ");
            sb.Append(string.Join("; ", devices));
            if (!devices.Any(d => d.SupportedByIlgpu)) sb.Append(" - no device with an architecture ILGPU 1.5.3 supports");
            return new(true, libName, version, devices, sb.ToString());
        }
        catch (EntryPointNotFoundException e)
        {
            return new(true, libName, 0, [], $"NVIDIA driver library {libName} found but incomplete: {e.Message}");
        }
    }

    private static string FormatVersion(int v) => v == 0 ? "(version unknown)" : $"{v / 1000}.{v % 1000 / 10}";
}
