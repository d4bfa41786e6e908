namespace KdGan.Tensors.Tests.Layout;

public class ViewTests
{
    [Fact]
    public void ViewsShareStorageAndContiguousCopiesOnlyWhenNeeded()
    {
        using var a = Tensor.Arange(0, 24).Reshape(2, 3, 4);
        using var p = a.Permute(2, 0, 1);
        using var s = a.Slice(2, 1, 4, 2);
        using var e = Tensor.Arange(0, 3).Reshape(3, 1);
        using var x = e.Expand([2, 3, 5]);
        Assert.Same(a.Storage, p.Storage);
        Assert.Same(a.Storage, s.Storage);
        Assert.Same(e.Storage, x.Storage);
        Assert.False(p.IsContiguous);
        Assert.Equal(new long[] { 0, 1, 0 }, x.Strides.ToArray());
        using var pc = p.Contiguous();
        Assert.NotSame(a.Storage, pc.Storage);
        using var ac = a.Contiguous();
        Assert.Same(a.Storage, ac.Storage);
    }

    [Fact]
    public void ViewValuesFollowPyTorch()
    {
        using var a = Tensor.Arange(0, 24).Reshape(2, 3, 4);
        using var p = a.Permute(2, 0, 1); // p[i,j,k] = a[j,k,i]
        Assert.Equal(a[1, 2, 3], p[3, 1, 2]);
        using var s = a.Slice(2, 1, 4, 2); // columns 1 and 3
        Assert.Equal(new float[] { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23 }, s.ToArray());
        using var t = a.Select(1, -1);
        Assert.Equal(new float[] { 8, 9, 10, 11, 20, 21, 22, 23 }, t.ToArray());
        using var r = p.Reshape(-1);
        Assert.Equal(24, r.NumElements);
        Assert.Equal(new float[] { 0, 4, 8, 12, 16, 20 }, r.ToArray()[..6]);
        using var u = a.Unsqueeze(1);
        Assert.Equal(new Shape(2, 1, 3, 4), u.Shape);
        using var q = u.Squeeze(1);
        Assert.Equal(a.ToArray(), q.ToArray());
        using var f = a.Flatten();
        Assert.Equal(new Shape(2, 12), f.Shape);
    }

    [Fact]
    public void WritesThroughAViewReachTheBase()
    {
        using var a = Tensor.Zeros([3, 4]);
        using (var col = a.Select(1, 2)) col.Fill_(7);
        using (var row = a.Select(0, 0)) row.CopyFrom(Tensor.Scalar(1));
        Assert.Equal(new float[] { 1, 1, 1, 1, 0, 0, 7, 0, 0, 0, 7, 0 }, a.ToArray());
    }

    [Fact]
    public void BadViewsGiveClearErrors()
    {
        using var a = Tensor.Zeros([2, 3]);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => a.Reshape(4, 2)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => a.Permute(0, 0)).Message);
        Assert.Contains("size 3", Assert.Throws<ArgumentOutOfRangeException>(() => a.Slice(1, 2, 5)).Message);
        Assert.Contains("[4, 3]", Assert.Throws<ArgumentException>(() => a.Expand([4, 3])).Message);
        Assert.Contains("6 elements", Assert.Throws<InvalidOperationException>(() => a.Item()).Message);
    }

    [Fact]
    public void CreationHelpers()
    {
        using var z = Tensor.Zeros([2, 2]);
        using var o = Tensor.Ones([3]);
        using var f = Tensor.Full([2], 2.5f);
        using var r = Tensor.Arange(5, 0, -2);
        Assert.All(z.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(o.ToArray(), v => Assert.Equal(1f, v));
        Assert.Equal(new[] { 2.5f, 2.5f }, f.ToArray());
        Assert.Equal(new float[] { 5, 3, 1 }, r.ToArray());
        using var m = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(4f, m[1, 1]);
        Assert.Equal(3f, m[-1, 0]);
    }

    // Expected strings follow torch/_tensor_str.py with the default print options (what PyTorch prints).
    [Fact]
    public void ToStringPrintsLikePyTorch()
    {
        using var a = Tensor.Arange(0, 6).Reshape(2, 3);
        Assert.Equal("tensor([[0., 1., 2.],\n        [3., 4., 5.]])", a.ToString());
        using var b = Tensor.FromArray(new[] { 0.5f, -1.25f });
        Assert.Equal("tensor([ 0.5000, -1.2500])", b.ToString());
        using var s = Tensor.Scalar(3);
        Assert.Equal("tensor(3.)", s.ToString());
        using var r = Tensor.Arange(0, 5);
        Assert.Equal("tensor([0., 1., 2., 3., 4.])", r.ToString());
        using var m = Tensor.FromArray(new[,] { { 1.5f, -2.25f, 3.14159f }, { 0.1f, 10f, -0.3333f } });
        Assert.Equal("tensor([[ 1.5000, -2.2500,  3.1416],\n        [ 0.1000, 10.0000, -0.3333]])", m.ToString());
        using var c = Tensor.Arange(0, 8).Reshape(2, 2, 2);
        Assert.Equal("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])", c.ToString());
    }

    [Fact]
    public void ToStringSwitchesToScientificLikePyTorch()
    {
        // Nonzero magnitudes below 1e-4 (or spanning more than 1000x) print as %.4e.
        using var tiny = Tensor.FromArray(new[] { 0f, 1e-5f, -2.5e-5f });
        Assert.Equal("tensor([ 0.0000e+00,  1.0000e-05, -2.5000e-05])", tiny.ToString());
        // Summarised: only the printed edges (0, 1, 2, 1997, 1998, 1999) pick the format; rows wrap at 80.
        using var big = Tensor.Arange(0, 2000);
        Assert.Equal("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])",
            big.ToString());
    }

    [Fact]
    public void ToStringSummarisesRowsAndColumnsLikePyTorch()
    {
        using var ones = Tensor.Ones([100, 100]);
        const string onesRow = "[1., 1., 1.,  ..., 1., 1., 1.]";
        Assert.Equal($"tensor([{onesRow},\n        {onesRow},\n        {onesRow},\n        ...,\n        {onesRow},\n        {onesRow},\n        {onesRow}])",
            ones.ToString());
        using var grid = Tensor.Arange(0, 10000).Reshape(100, 100);
        Assert.Equal(
            "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.7000e+01, 9.8000e+01,\n" +
            "         9.9000e+01],\n" +
            "        [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.9700e+02, 1.9800e+02,\n" +
            "         1.9900e+02],\n" +
            "        [2.0000e+02, 2.0100e+02, 2.0200e+02,  ..., 2.9700e+02, 2.9800e+02,\n" +
            "         2.9900e+02],\n" +
            "        ...,\n" +
            "        [9.7000e+03, 9.7010e+03, 9.7020e+03,  ..., 9.7970e+03, 9.7980e+03,\n" +
            "         9.7990e+03],\n" +
            "        [9.8000e+03, 9.8010e+03, 9.8020e+03,  ..., 9.8970e+03, 9.8980e+03,\n" +
            "         9.8990e+03],\n" +
            "        [9.9000e+03, 9.9010e+03, 9.9020e+03,  ..., 9.9970e+03, 9.9980e+03,\n" +
            "         9.9990e+03]])",
            grid.ToString());
    }

    [Fact]
    public void ToStringPrintsNonFiniteAndEmptyLikePyTorch()
    {
        // nan/inf do not count towards the column width, but are padded to it.
        using var mixed = Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f });
        Assert.Equal("tensor([   nan,    inf,   -inf, 1.5000])", mixed.ToString());
        using var onlyNonFinite = Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity });
        Assert.Equal("tensor([nan, inf, -inf])", onlyNonFinite.ToString());
        using var withInt = Tensor.FromArray(new[] { 1f, float.NaN });
        Assert.Equal("tensor([1., nan])", withInt.ToString());
        using var e1 = Tensor.Zeros([0]);
        Assert.Equal("tensor([])", e1.ToString());
        using var e = Tensor.Zeros([0, 3]);
        Assert.Equal("tensor([], size=(0, 3))", e.ToString());
    }

    [Fact]
    public void DisposeReleasesStorageOnlyAfterTheLastView()
    {
        var before = MemoryStats.Snapshot(Device.Cpu);
        var a = Tensor.Zeros([4, 4]);
        var v = a.T();
        a.Dispose();
        Assert.False(v.Storage.IsFreed);
        Assert.Equal(4 * 4, v.ToArray().Length);
        v.Dispose();
        Assert.True(v.Storage.IsFreed);
        var after = MemoryStats.Snapshot(Device.Cpu);
        Assert.Equal((before.LiveTensors, before.LiveStorages, before.BytesInUse), (after.LiveTensors, after.LiveStorages, after.BytesInUse));
        Assert.Throws<ObjectDisposedException>(() => v.ToArray());
    }

    [Fact]
    public void FreedBuffersAreReusedFromThePoolAndEmptyCacheDropsThem()
    {
        var a = Tensor.Zeros([123, 457]);
        var data = ((KdGan.Tensors.Backends.Cpu.CpuStorage)a.Storage).Data;
        a.Dispose();
        Assert.True(MemoryStats.Snapshot(Device.Cpu).BytesPooled >= 123 * 457 * 4);
        using var b = Tensor.Ones([457, 123]);
        Assert.Same(data, ((KdGan.Tensors.Backends.Cpu.CpuStorage)b.Storage).Data);
        Assert.All(b.ToArray(), v => Assert.Equal(1f, v));
        Device.Cpu.Backend.EmptyCache();
        Assert.Equal(0, MemoryStats.Snapshot(Device.Cpu).BytesPooled);
    }
}
