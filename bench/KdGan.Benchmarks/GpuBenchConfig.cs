using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Gpu;

namespace KdGan.Benchmarks;

/// <summary>
/// The GPU suites' config: the short job of <see cref="BenchConfig"/>, plus a filter that drops every GPU
/// benchmark, with one line saying why, when no CUDA device is usable. The suites then skip cleanly (nothing
/// runs, nothing fails) on machines without a GPU.
/// </summary>
public sealed class GpuBenchConfig : ManualConfig
{
    private static readonly Lazy<GpuBackend?> s_backend = new(() =>
    {
        if (Devices.TryCuda(out var device, out string reason))
        {
            Console.WriteLine($"// GPU benchmarks on {reason}");
            return (GpuBackend)device!.Backend;
        }
        Console.WriteLine($"// GPU benchmarks skipped: {reason}");
        return null;
    });

    /// <summary>The CUDA backend, or null when there is none (the benchmarks are then filtered out).</summary>
    public static GpuBackend? Backend => s_backend.Value;

    public GpuBenchConfig()
    {
        AddFilter(new SimpleFilter(_ => Backend is not null));
    }
}

/// <summary>Applies <see cref="GpuBenchConfig"/> to a benchmark class.</summary>
public sealed class GpuBenchAttribute() : ConfigAttribute(typeof(GpuBenchConfig));
