using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

/// <summary>
/// The primitive ops as ILGPU kernels on one accelerator: CUDA on a GPU, or ILGPU's CPU accelerator (which runs
/// the very same kernels on CPU threads, so CI without a GPU still runs every kernel). This file holds memory
/// movement and the elementwise ops; reductions, matmul, softmax and random draws live beside it. Launches are
/// asynchronous on the accelerator's default stream (so they run in order); reading values out synchronises.
/// Create instances through <see cref="GpuRuntime"/> or <see cref="Devices"/>.
/// </summary>
public sealed partial class GpuBackend : IBackend
{
    internal GpuBackend(Accelerator accelerator, DeviceKind kind, int index, string name)
    {
        Accelerator = accelerator;
        Kernels = new GpuKernels(accelerator);
        Device = Device.Create(kind, index, name, this);
        Pool = new GpuMemoryPool(accelerator, Device);
        GroupSize = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
    }

    public Device Device { get; }

    /// <summary>The ILGPU accelerator the kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>This accelerator's kernel registry (each kernel compiled once).</summary>
    public GpuKernels Kernels { get; }

    /// <summary>This device's caching allocator.</summary>
    public GpuMemoryPool Pool { get; }

    /// <summary>Threads per group for the explicitly grouped kernels other than the GEMM (which needs 256).</summary>
    public int GroupSize { get; }

    /// <summary>One line: the accelerator, its memory and, for CUDA, the architecture.</summary>
    public string Describe() => Accelerator is CudaAccelerator cuda
        ? $"{Device}: {cuda.Name}, sm_{cuda.Architecture.Major}{cuda.Architecture.Minor}, {cuda.MemorySize / (1024.0 * 1024 * 1024):F1} GiB, {cuda.NumMultiprocessors} SMs, PTX ISA {cuda.InstructionSet}"
        : $"{Device}: ILGPU {Accelerator.AcceleratorType} accelerator ({Accelerator.Name}), {Accelerator.MaxNumThreadsPerGroup} threads per group";

    /// <summary>Makes this accelerator current on the calling thread (CUDA contexts are per thread).</summary>
    private void Begin() => Accelerator.Bind();

    /// <summary>Waits until every launched kernel and copy has finished.</summary>
    public void Synchronize()
    {
        Begin();
        Accelerator.Synchronize();
    }

    internal static ArrayView<float> View(Tensor t) => ((GpuStorage)t.Storage).View;

    private static int Count(Tensor t) => checked((int)t.NumElements);

    public Storage Allocate(long length)
    {
        Begin();
        return new GpuStorage(Device, Pool, length);
    }

    public void EmptyCache()
    {
        Begin();
        Pool.EmptyCache();
    }

    public void Upload(ReadOnlySpan<float> src, Tensor dst)
    {
        if (dst.NumElements == 0) return;
        Begin();
        if (dst.IsContiguous)
        {
            View(dst).SubView(dst.Offset, dst.NumElements).CopyFromCPU(src[..Count(dst)]);
            Accelerator.Synchronize();
            return;
        }
        using var staging = Tensor.Empty(dst.Shape, Device);
        Upload(src, staging);
        Copy(staging, dst);
    }

    public void Download(Tensor src, Span<float> dst)
    {
        if (src.NumElements == 0) return;
        Begin();
        if (src.IsContiguous)
        {
            Accelerator.Synchronize();
            View(src).SubView(src.Offset, src.NumElements).CopyToCPU(dst[..Count(src)]);
            Accelerator.Synchronize();
            return;
        }
        using var dense = Tensor.Empty(src.Shape, Device);
        Copy(src, dense);
        Download(dense, dst);
    }

    public void Fill(Tensor dst, float value)
    {
        if (dst.NumElements == 0) return;
        Begin();
        var (dims, s) = GpuLayout.Elementwise(dst.Shape, dst);
        Kernels.Auto(KernelTable.Fill, Count(dst), View(dst), s[0], dims, value);
    }

    public void Copy(Tensor src, Tensor dst) => RunUnary(KernelTable.Copy, src, 0f, dst);

    public override string ToString() => Describe();
}
