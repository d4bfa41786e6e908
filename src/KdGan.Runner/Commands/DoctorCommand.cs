using System.CommandLine;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Runner.Commands;

/// <summary><c>kdgan doctor</c>: the machine, the SIMD level in use and the devices found.</summary>
public static class DoctorCommand
{
    public static Command Build(TextWriter o)
    {
        var cmd = new Command("doctor", "Print the machine, the SIMD level in use and the devices found.");
        cmd.SetAction(_ => Run(o));
        return cmd;
    }

    public static int Run(TextWriter o)
    {
        o.WriteLine($"runtime : {MachineInfo.Runtime}");
        o.WriteLine($"cpu     : {MachineInfo.CpuModel}, {Environment.ProcessorCount} logical cores{(MachineInfo.NominalMHz is { } mhz ? $", {mhz:F0} MHz nominal" : "")}");
        o.WriteLine($"memory  : {MachineInfo.Memory}");
        o.WriteLine($"simd    : {MachineInfo.Simd} (hardware level {CpuSimd.Hardware})");
        o.WriteLine($"threads : {CpuThreads.Count} for CPU kernels");
        o.WriteLine("devices :");
        o.WriteLine($"  {Device.Cpu,-8} SIMD {CpuSimd.Describe(CpuSimd.Current)}, {CpuThreads.Count} threads");
        var probe = Devices.ProbeCuda();
        if (Devices.TryCuda(out _, out string cuda))
            o.WriteLine($"  {cuda}");
        else
            o.WriteLine($"  cuda     not available: {probe.Summary}");
        foreach (var d in probe.Devices.Where(d => d.Index > 0)) o.WriteLine($"  {d}");
        o.WriteLine("  ilgpu-cpu the GPU kernels on ILGPU's CPU accelerator (tests only; select with --device ilgpu-cpu)");
        o.WriteLine($"  auto   -> {Devices.Auto().Reason}");
        return 0;
    }
}
