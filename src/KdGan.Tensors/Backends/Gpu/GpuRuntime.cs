using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// The process-wide ILGPU context and the GPU backends created from it (one per accelerator, created on first
/// use and kept for the process). The context enables ILGPU.Algorithms (XMath, group reductions: without it only
/// the GPU compilation fails) and registers an explicit CPU device of 32 threads x 8 warps = 256 threads per group,
/// the group size the kernels assume (ILGPU's default CPU device allows only 16).
/// </summary>
public static class GpuRuntime
{
    /// <summary>Threads per warp, warps per multiprocessor and multiprocessors of the ILGPU CPU accelerator.</summary>
    public const int CpuWarpSize = 32, CpuWarpsPerGroup = 8, CpuMultiprocessors = 1;

    private static readonly object s_lock = new();
    private static Context? s_context;
    private static GpuBackend? s_cpuBackend;
    private static readonly Dictionary<int, GpuBackend> s_cuda = [];

    /// <summary>The shared ILGPU context (created on first use, after the CUDA library resolver is installed).</summary>
    public static Context Context
    {
        get
        {
            lock (s_lock)
            {
                if (s_context is not null) return s_context;
                CudaLibraryResolver.Install();
                var cpu = new CPUDevice(CpuWarpSize, CpuWarpsPerGroup, CpuMultiprocessors);
                return s_context = Context.Create(b => b.Cuda().CPU(cpu).EnableAlgorithms().Optimize(OptimizationLevel.O1));
            }
        }
    }

    /// <summary>The CUDA devices ILGPU lists (supported architectures only).</summary>
    public static IReadOnlyList<CudaDevice> CudaDevices
    {
        get
        {
            try
            {
                var found = Context.GetCudaDevices();
                var list = new List<CudaDevice>();
                for (int i = 0; i < found.Count; i++) list.Add(found[i]);
                return list;
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or CudaException) { return []; }
        }
    }

    /// <summary>The backend running the GPU kernels on ILGPU's CPU accelerator (tests and CI without a GPU).</summary>
    public static GpuBackend IlgpuCpu
    {
        get
        {
            lock (s_lock)
            {
                if (s_cpuBackend is not null) return s_cpuBackend;
                var accelerator = Context.GetCPUDevice(0).CreateCPUAccelerator(Context);
                return s_cpuBackend = new GpuBackend(accelerator, DeviceKind.IlgpuCpu, 0, "ilgpu-cpu");
            }
        }
    }

    /// <summary>The backend of CUDA device <paramref name="index"/>; throws <see cref="GpuUnavailableException"/> saying what was found.</summary>
    public static GpuBackend Cuda(int index = 0)
    {
        lock (s_lock)
        {
            if (s_cuda.TryGetValue(index, out var existing)) return existing;
            var devices = CudaDevices;
            if (index < 0 || index >= devices.Count)
            {
                var probe = CudaProbe.Run();
                string found = devices.Count == 0 ? probe.Summary : $"ILGPU lists {devices.Count} CUDA device(s); there is no cuda:{index}";
                throw new GpuUnavailableException($"cuda:{index} is not usable: {found}.");
            }
            Accelerator accelerator;
            try { accelerator = devices[index].CreateAccelerator(Context); }
            catch (Exception e) when (e is CudaException or NotSupportedException or InvalidOperationException)
            {
                throw new GpuUnavailableException($"cuda:{index} ({devices[index].Name}) could not be opened: {e.Message}", e);
            }
            var backend = new GpuBackend(accelerator, DeviceKind.Cuda, index, $"cuda:{index}");
            s_cuda[index] = backend;
            return backend;
        }
    }
}

/// <summary>A GPU was asked for and none is usable; the message says what was found (no driver, no device, unsupported architecture).</summary>
public sealed class GpuUnavailableException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
