using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Tests.Backends;

public class DeviceTests
{
    /// <summary>A second device whose storage is tagged with it but whose ops run on the CPU backend.</summary>
    private sealed class OtherDeviceBackend : IBackend
    {
        private readonly IBackend _cpu = CpuBackend.Instance;
        public Device Device { get; set; } = null!;
        public Storage Allocate(long length) => new CpuStorage(Device, length);
        public void EmptyCache() => _cpu.EmptyCache();
        public void Upload(ReadOnlySpan<float> src, Tensor dst) => _cpu.Upload(src, dst);
        public void Download(Tensor src, Span<float> dst) => _cpu.Download(src, dst);
        public void Fill(Tensor dst, float value) => _cpu.Fill(dst, value);
        public void Copy(Tensor src, Tensor dst) => _cpu.Copy(src, dst);
        public void Unary(UnaryOp op, Tensor x, float alpha, Tensor dst) => _cpu.Unary(op, x, alpha, dst);
        public void Binary(BinaryOp op, Tensor a, Tensor b, Tensor dst) => _cpu.Binary(op, a, b, dst);
        public void Reduce(ReduceOp op, Tensor x, int[] axes, Tensor dst) => _cpu.Reduce(op, x, axes, dst);
        public void ArgMax(Tensor x, int axis, Tensor dst) => _cpu.ArgMax(x, axis, dst);
        public void MatMul(Tensor a, Tensor b, Tensor dst) => _cpu.MatMul(a, b, dst);
        public void Softmax(Tensor x, float temperature, bool log, Tensor dst) => _cpu.Softmax(x, temperature, log, dst);
        public void Random(RandomDistribution d, ulong seed, ulong offset, Tensor dst) => _cpu.Random(d, seed, offset, dst);
    }

    [Fact]
    public void MixingDevicesNamesBothDevices()
    {
        var backend = new OtherDeviceBackend();
        var other = Device.Create(DeviceKind.Cuda, 3, "cuda:3", backend);
        backend.Device = other;
        using var a = Tensor.Ones([2, 2]);
        using var b = Tensor.Ones([2, 2], other);
        Assert.Equal(other, b.Device);
        var e = Assert.Throws<InvalidOperationException>(() => a + b);
        Assert.Contains("cpu", e.Message);
        Assert.Contains("cuda:3", e.Message);
        Assert.Contains("Add", e.Message);
        Assert.Throws<InvalidOperationException>(() => Tensor.MatMul(a, b));
        using var moved = b.To(Device.Cpu);
        using var sum = a + moved;
        Assert.Equal(new float[] { 2, 2, 2, 2 }, sum.ToArray());
    }
}
