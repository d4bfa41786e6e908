using KdGan.GpuCheck;
using KdGan.Tensors.Tests.Ops;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Gpu;

// gpu-check [all|devices|test|ptx|bench] [--device auto|cuda|ilgpu-cpu|cpu] [--sizes 1024,2048,4096] [--reps N] [--ptx-dir DIR]
//   devices  what was found (driver, GPUs, the auto choice)
//   test     the op suite of tests/KdGan.Tensors.Tests/Ops and the device suites of the autograd and Models tests on one backend (default: cuda when usable, else ilgpu-cpu)
//   ptx      every kernel compiled to PTX for sm_90 (written to --ptx-dir when given)
//   bench    compile time, SGEMM GFLOP/s at --sizes, elementwise and softmax GB/s, copies apart (CUDA; with
//            --device ilgpu-cpu a tiny smoke run on the CPU accelerator, e.g. --sizes 64 --reps 1)
//   all      devices, ptx, test, then bench when a GPU is usable (the default)
// Ends with "N passed, N failed"; exit code 1 when anything failed, 2 for bad arguments.
string command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
string? Opt(string name) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
var o = Console.Out;
if (command is not ("all" or "devices" or "test" or "ptx" or "bench"))
{
    Console.Error.WriteLine($"gpu-check: unknown command '{command}' (all, devices, test, ptx, bench)");
    return 2;
}
int[] sizes;
int reps;
try
{
    sizes = (Opt("--sizes") ?? "1024,2048,4096").Split(',').Select(int.Parse).ToArray();
    reps = int.Parse(Opt("--reps") ?? "10");
}
catch (FormatException)
{
    Console.Error.WriteLine("gpu-check: --sizes takes comma-separated integers and --reps an integer");
    return 2;
}

int passed = 0, failed = 0;
bool cuda = Devices.TryCuda(out _, out string reason);
if (command is "all" or "devices")
{
    o.WriteLine($"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores");
    o.WriteLine($"cuda probe: {Devices.ProbeCuda().Summary}");
    o.WriteLine(cuda ? $"cuda: {reason}" : $"cuda: not usable: {reason}");
    o.WriteLine(Devices.Auto().Reason);
}
if (command is "all" or "ptx")
{
    try
    {
        var kernels = PtxCompiler.CompileAll();
        if (Opt("--ptx-dir") is { } dir) PtxCompiler.WriteAll(dir, kernels);
        o.WriteLine($"ptx: {kernels.Count} kernels compiled for sm_90 in {kernels.Sum(k => k.CompileTime.TotalMilliseconds):F0} ms");
        passed++;
    }
    catch (Exception e)
    {
        o.WriteLine($"ptx: FAILED: {e.GetType().Name}: {e.Message}");
        failed++;
    }
}
if (command is "all" or "test")
{
    var kind = (Opt("--device") ?? (cuda ? "cuda" : "ilgpu-cpu")) switch
    {
        "cuda" => BackendKind.Cuda,
        "ilgpu-cpu" => BackendKind.IlgpuCpu,
        "cpu" => BackendKind.Cpu,
        var other => throw new ArgumentException($"--device {other}: expected cuda, ilgpu-cpu or cpu"),
    };
    if (kind == BackendKind.Cuda && !cuda)
    {
        o.WriteLine($"test: cuda asked for but not usable: {reason}");
        failed++;
    }
    else
    {
        o.WriteLine($"test: the op, autograd and Models suites on {kind}");
        var (p, f) = SuiteRunner.Run(kind, o);
        passed += p;
        failed += f;
    }
}
if (command is "all" or "bench")
{
    if (cuda) GpuBench.Run(GpuRuntime.Cuda(0), sizes, reps, o);
    else if (command == "bench" && Opt("--device") == "ilgpu-cpu") GpuBench.Run(GpuRuntime.IlgpuCpu, sizes, reps, o, smoke: true);
    else o.WriteLine($"bench: skipped, no usable GPU ({reason})");
}
o.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
