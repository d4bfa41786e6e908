using ILGPU;
using KdGan.Tensors;
using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Gpu;
using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Tests.Backends;

/// <summary>
/// The one kernel table: every value of the op enums has its kernel, names are unique, every entry loads on ILGPU's
/// CPU accelerator (the warm-up walks the table), and a launch with the wrong argument types names the kernel.
/// </summary>
public sealed class KernelTableTests
{
    [Fact]
    public void Every_op_enum_value_has_a_kernel_and_every_name_is_unique()
    {
        Assert.All(Enum.GetValues<UnaryOp>(), op => Assert.Contains(KernelTable.Unary(op), KernelTable.All));
        Assert.All(Enum.GetValues<BinaryOp>(), op => Assert.Contains(KernelTable.Binary(op), KernelTable.All));
        Assert.All(Enum.GetValues<ReduceOp>(), op => Assert.Contains(KernelTable.ReducePerGroup(op), KernelTable.All));
        Assert.All(Enum.GetValues<RandomDistribution>(), d => Assert.Contains(KernelTable.Random(d), KernelTable.All));
        Assert.Equal(KernelTable.All.Count, KernelTable.All.Select(k => k.Name).Distinct().Count());
        Assert.Contains(KernelTable.BatchNormBackward, KernelTable.All); // a single kernel, found by reflection over the fields
    }

    [Fact]
    public void Every_kernel_loads_on_the_ilgpu_cpu_accelerator_and_is_cached()
    {
        var kernels = GpuRuntime.IlgpuCpu.Kernels;
        kernels.LoadAll();
        Assert.True(kernels.LoadedCount >= KernelTable.All.Count);
        Assert.Same(kernels.Launcher(KernelTable.Softmax), kernels.Launcher(KernelTable.Softmax));
    }

    [Fact]
    public void A_launch_with_the_wrong_argument_types_names_the_kernel_and_both_signatures()
    {
        var gpu = GpuRuntime.IlgpuCpu;
        var e = Assert.Throws<ArgumentException>(() => gpu.Kernels.Auto(KernelTable.Fill, 4, 1f, 2));
        Assert.Contains("kernel Fill (ElementwiseKernels.Fill) launched as (Index1D, Single, Int32)", e.Message);
        Assert.Contains("its launcher is (Index1D, ArrayView`1, Strides6, Dims6, Single)", e.Message);
    }
}
