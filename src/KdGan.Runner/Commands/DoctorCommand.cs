using KdGan.Tensors;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Runner.Commands;

/// <summary><c>kdgan doctor</c>: the machine, the SIMD level in use and the devices found.</summary>
public static class DoctorCommand
{
    public static int Run(TextWriter o)
    {
        o.WriteLine($"runtime : {MachineInfo.Runtime}");
        o.WriteLine($"cpu     : {MachineInfo.CpuModel}, {Environment.ProcessorCount} logical cores{(MachineInfo.NominalMHz is { } mhz ? $", {mhz:F0} MHz nominal" : "")}");
        o.WriteLine($"memory  : {MachineInfo.Memory}");
        o.WriteLine($"simd    : {MachineInfo.Simd} (hardware level {CpuSimd.Hardware})");
        o.WriteLine($"threads : {CpuThreads.Count} for CPU kernels");
        o.WriteLine("devices :");
        o.WriteLine($"  {Device.Cpu,-8} SIMD {CpuSimd.Describe(CpuSimd.Current)}, {CpuThreads.Count} threads");
        o.WriteLine("  cuda     not available: this build has no GPU backend yet (the ILGPU backend is tracked as its own issue)");
        return 0;
    }
}
