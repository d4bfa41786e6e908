using KdGan.Tensors;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>Upload / download, device mixing errors, and the memory accounting (live tensors, bytes, pool).</summary>
public abstract class MemoryOpTests : OpTestBase
{
    [BackendFact]
    public void Upload_and_download_round_trip_through_views()
    {
        var values = Enumerable.Range(0, 24).Select(i => i * 0.5f - 3f).ToArray();
        using var t = Tensor.FromArray(values, [2, 3, 4], D);
        Assert.Equal(values, t.ToArray());
        using var view = t.Permute(2, 0, 1);
        using var cpu = Tensor.FromArray(values, [2, 3, 4]);
        using var cpuView = cpu.Permute(2, 0, 1);
        Assert.Equal(cpuView.ToArray(), view.ToArray());
        using var back = view.To(Device.Cpu);
        Assert.Equal(cpuView.ToArray(), back.ToArray());
    }

    [BackendFact]
    public void Disposing_returns_memory_at_once_and_EmptyCache_drops_the_pool()
    {
        D.Backend.EmptyCache();
        var before = MemoryStats.Snapshot(D);
        using (var a = Tensor.Ones([64, 33], D))
        using (var b = a * a)
        {
            var during = MemoryStats.Snapshot(D);
            Assert.Equal(before.LiveTensors + 2, during.LiveTensors);
            Assert.Equal(before.BytesInUse + 2L * 64 * 33 * sizeof(float), during.BytesInUse);
        }
        var after = MemoryStats.Snapshot(D);
        Assert.Equal(before.LiveTensors, after.LiveTensors);
        Assert.Equal(before.BytesInUse, after.BytesInUse);
        Assert.True(after.BytesPooled > 0, $"freed buffers should be pooled: {after}");
        D.Backend.EmptyCache();
        Assert.Equal(0, MemoryStats.Snapshot(D).BytesPooled);
    }

    [BackendFact]
    public void Pooled_buffers_are_reused()
    {
        D.Backend.EmptyCache();
        using (Tensor.Zeros([100], D)) { }
        long pooled = MemoryStats.Snapshot(D).BytesPooled;
        using (Tensor.Zeros([100], D))
            Assert.True(MemoryStats.Snapshot(D).BytesPooled < pooled, "a second tensor of the same size should take the pooled buffer");
    }

    [BackendFact]
    public void Mixing_devices_fails_with_both_names()
    {
        if (!IsGpu) return; // only one device to mix with on the CPU backend
        using var g = Tensor.Ones([2], D);
        using var c = Tensor.Ones([2]);
        var e = Assert.Throws<InvalidOperationException>(() => g + c);
        Assert.Contains(D.Name, e.Message);
        Assert.Contains("cpu", e.Message);
    }
}
