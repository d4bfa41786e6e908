using KdGan.Tensors;
using KdGan.Tensors.Backends.Gpu;

using KdGan.Tensors.Tests.Ops;

namespace KdGan.Tensors.Tests.Backends;

public sealed class DeviceSelectionTests
{
    [Fact]
    public void Cpu_and_ilgpu_cpu_by_name()
    {
        Assert.Equal(Device.Cpu, Devices.Parse("cpu"));
        Assert.Equal(Device.Cpu, Devices.Parse(" CPU "));
        var d = Devices.Parse("ilgpu-cpu");
        Assert.Equal(DeviceKind.IlgpuCpu, d.Kind);
        Assert.Same(d.Backend, Devices.IlgpuCpu.Backend); // one backend (one kernel registry) per accelerator
    }

    [Fact]
    public void Unknown_names_fail_with_the_choices()
    {
        var e = Assert.Throws<ArgumentException>(() => Devices.Parse("tpu"));
        Assert.Contains("must be cpu, cuda, cuda:N, ilgpu-cpu or auto, got 'tpu'", e.Message);
        Assert.Equal("cuda:3", Devices.Normalize(" CUDA:03 "));
        Assert.Throws<ArgumentException>(() => Devices.Normalize("cuda:x"));
        Assert.Throws<ArgumentException>(() => Devices.Normalize("cuda:-1"));
    }

    [Fact]
    public void Auto_says_why()
    {
        var choice = Devices.Auto();
        Assert.StartsWith("auto: using the ", choice.Reason);
        Assert.DoesNotContain('\n', choice.Reason);
        Assert.Equal(TestDevices.CudaSkipReason is null ? DeviceKind.Cuda : DeviceKind.Cpu, choice.Device.Kind);
    }

    [Fact]
    public void Cuda_without_a_gpu_says_what_was_found()
    {
        if (TestDevices.CudaSkipReason is null) return; // a GPU is here: covered by the CUDA op suite
        var e = Assert.Throws<GpuUnavailableException>(() => Devices.Parse("cuda"));
        Assert.Contains("cuda:0 is not usable", e.Message);
        var probe = Devices.ProbeCuda();
        Assert.False(probe.Usable);
        Assert.Contains(probe.Summary, e.Message);
        Assert.True(probe.Summary.Contains("no NVIDIA driver") || probe.Summary.Contains("no CUDA device") ||
                    probe.Summary.Contains("not supported") || probe.Summary.Contains("failed"), probe.Summary);
    }

    [CudaFact]
    public void Cuda_device_describes_itself()
    {
        var backend = GpuRuntime.Cuda(0);
        Assert.Contains("sm_", backend.Describe());
    }

    [Fact]
    public void Pool_rounds_sizes_to_buckets()
    {
        Assert.Equal(128, GpuMemoryPool.RoundedLength(0));
        Assert.Equal(128, GpuMemoryPool.RoundedLength(100));
        Assert.Equal(256, GpuMemoryPool.RoundedLength(129));
        Assert.Equal(1L << 20, GpuMemoryPool.RoundedLength((1 << 20) - 5));
        Assert.Equal((1L << 20) + (1 << 18), GpuMemoryPool.RoundedLength((1 << 20) + 1));
    }
}
