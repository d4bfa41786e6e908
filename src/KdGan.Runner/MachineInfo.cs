using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Runner;

/// <summary>What the machine is: CPU model, cores, memory, SIMD, runtime.</summary>
public static class MachineInfo
{
    public static string CpuModel => ReadCpuInfo("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>The nominal clock from /proc/cpuinfo ("cpu MHz"), when the OS reports one.</summary>
    public static double? NominalMHz =>
        double.TryParse(ReadCpuInfo("cpu MHz"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var mhz) ? mhz : null;

    public static string Simd => CpuSimd.Describe(CpuSimd.Current)
        + (Vector512.IsHardwareAccelerated ? "; Vector512 also available (not used by our kernels)" : "");

    public static string Memory
    {
        get
        {
            var info = GC.GetGCMemoryInfo();
            return $"{info.TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:F1} GiB available to .NET";
        }
    }

    public static string Runtime => $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})";

    private static string? ReadCpuInfo(string key)
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return null;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith(key, StringComparison.Ordinal) && line.Contains(':'))
                    return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return null;
    }
}
