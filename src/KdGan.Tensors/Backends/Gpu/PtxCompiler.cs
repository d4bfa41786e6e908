using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>One kernel compiled to PTX.</summary>
public sealed record PtxKernel(string Name, string Ptx, TimeSpan CompileTime);

/// <summary>
/// Compiles every kernel of <see cref="KernelTable"/> to PTX for a CUDA architecture without any GPU or
/// driver: ILGPU's <see cref="PTXBackend"/> needs only a context (with ILGPU.Algorithms enabled, or XMath and the
/// group reductions fail to compile). The CI gate: every kernel must compile for sm_90, and where NVIDIA's
/// ptxas is available the PTX is assembled too (scripts/ptx-gate.sh).
/// </summary>
public static class PtxCompiler
{
    /// <summary>
    /// Compiles all kernels for <paramref name="architecture"/> (default sm_90) with PTX ISA
    /// <paramref name="isa"/> (default 7.8, the newest CUDA 11.8's ptxas reads).
    /// </summary>
    public static IReadOnlyList<PtxKernel> CompileAll(CudaArchitecture? architecture = null, CudaInstructionSet? isa = null)
    {
        var arch = architecture ?? CudaArchitecture.SM_90;
        var set = isa ?? CudaInstructionSet.ISA_78;
        using var context = Context.Create(b => b.EnableAlgorithms().Optimize(OptimizationLevel.O1));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, set, null!);
        var result = new List<PtxKernel>();
        foreach (var k in KernelTable.All)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var entry = k.ExplicitlyGrouped
                ? EntryPointDescription.FromExplicitlyGroupedKernel(k.Method)
                : EntryPointDescription.FromImplicitlyGroupedKernel(k.Method);
            var compiled = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
            result.Add(new PtxKernel(k.Name, compiled.PTXAssembly, sw.Elapsed));
        }
        return result;
    }

    /// <summary>Writes each kernel's PTX to <paramref name="directory"/> as NAME.ptx and returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(string directory, IReadOnlyList<PtxKernel> kernels)
    {
        Directory.CreateDirectory(directory);
        return kernels.Select(k =>
        {
            var path = Path.Combine(directory, k.Name + ".ptx");
            File.WriteAllText(path, k.Ptx);
            return path;
        }).ToList();
    }
}
