using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Cpu;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>
/// The fused training-mode batch norm (BatchNormOps / IBatchNormKernels), forward and backward, against
/// ReferenceBatchNorm (double loops), at every SIMD level on the CPU, and on the ILGPU backends against the CPU
/// backend too; the CPU result does not depend on the thread count.
/// </summary>
public abstract class BatchNormOpTests : OpTestBase
{
    /// <summary>Conv-shaped, odd run lengths (vector tails), [N, C] (runs of one) and a run longer than a vector block.</summary>
    private static readonly Shape[] Shapes = [[4, 3, 5, 6], [7, 5], [2, 4, 33], [3, 2, 40], [1, 2, 3, 3]];

    private IEnumerable<SimdLevel> Levels() => IsGpu ? [CpuSimd.Current] : SimdLevels.OnThisMachine;

    private static Tensor Channel(int c, int seed, float offset) => Tensor.FromArray(SeededData.Floats(c, seed, 1).Select(v => v + offset).ToArray(), [c]);

    [BackendFact]
    public void Forward_and_backward_match_the_reference()
    {
        foreach (var shape in Shapes)
            foreach (var level in Levels())
            {
                using var forced = IsGpu ? null : CpuSimd.Force(level);
                int c = shape[1];
                using var cx = SeededData.Tensor(shape, seed: (int)shape.NumElements);
                using var cdy = SeededData.Tensor(shape, seed: 7 + (int)shape.NumElements);
                using var cg = Channel(c, 3, 1f);
                using var cb = Channel(c, 4, 0f);
                using Tensor x = OnDevice(cx), dy = OnDevice(cdy), g = OnDevice(cg), b = OnDevice(cb);
                string at = $"{shape} at {level}";
                var (y, mean, variance) = BatchNormOps.Forward(x, g, b, 1e-5f);
                using var _y = y;
                using var _m = mean;
                using var _v = variance;
                var (ry, rm, rv) = ReferenceBatchNorm.Forward(cx, cg, cb, 1e-5f);
                Check(ry, y, () => BatchNormOps.Forward(cx, cg, cb, 1e-5f).Y, 2e-5f, 1e-4f, $"batch norm y {at}");
                Check(rm, mean, null, 1e-6f, 1e-5f, $"batch mean {at}");
                Check(rv, variance, null, 1e-6f, 1e-4f, $"batch variance {at}");

                var (dx, dg, db) = BatchNormOps.Backward(dy, x, g, mean, variance, 1e-5f);
                using var _dx = dx;
                using var _dg = dg;
                using var _db = db;
                var (rdx, rdg, rdb) = ReferenceBatchNorm.Backward(cdy, cx, cg, 1e-5f);
                Check(rdx, dx, () => { var (m, v) = (mean.To(Device.Cpu), variance.To(Device.Cpu)); using (m) using (v) return BatchNormOps.Backward(cdy, cx, cg, m, v, 1e-5f).Dx; },
                    1e-4f, 1e-3f, $"batch norm dx {at}");
                Check(rdg, dg, null, 1e-4f, 1e-4f, $"batch norm dgamma {at}");
                Check(rdb, db, null, 1e-5f, 1e-5f, $"batch norm dbeta {at}");
            }
    }

    [BackendFact]
    public void A_large_mean_does_not_cost_the_variance_its_precision()
    {
        // x = 1000 + noise in [-0.01, 0.01): a one-pass E[x^2] - E[x]^2 in float would lose every digit of the variance.
        using var noise = SeededData.Tensor([8, 2, 16], seed: 5, scale: 0.01f);
        using var cx = Tensor.FromArray(noise.ToArray().Select(v => v + 1000f).ToArray(), noise.Shape);
        using var cg = Tensor.Ones([2]);
        using var cb = Tensor.Zeros([2]);
        using Tensor x = OnDevice(cx), g = OnDevice(cg), b = OnDevice(cb);
        var (y, mean, variance) = BatchNormOps.Forward(x, g, b, 1e-8f);
        using var _y = y;
        using var _m = mean;
        using var _v = variance;
        var (ry, _, rv) = ReferenceBatchNorm.Forward(cx, cg, cb, 1e-8f);
        Check(rv, variance, null, 0f, 2e-2f, "variance of 1000 + noise");
        Check(ry, y, null, 2e-2f, 2e-2f, "normalised 1000 + noise");
    }

    [BackendFact]
    public void Bad_arguments_name_what_is_wrong()
    {
        using var x = OnDevice(SeededData.Tensor([2, 3, 4], seed: 1));
        using var g3 = OnDevice(Tensor.Ones([3]));
        using var g2 = OnDevice(Tensor.Ones([2]));
        Assert.Contains("gamma must have shape [3]", Assert.Throws<ArgumentException>(() => BatchNormOps.Forward(x, g2, g3, 1e-5f)).Message);
        Assert.Contains("beta must have shape [3]", Assert.Throws<ArgumentException>(() => BatchNormOps.Forward(x, g3, g2, 1e-5f)).Message);
        Assert.Contains("eps must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormOps.Forward(x, g3, g3, 0f)).Message);
        using var flat = OnDevice(SeededData.Tensor([6], seed: 2));
        Assert.Contains("channels on axis 1", Assert.Throws<ArgumentException>(() => BatchNormOps.Forward(flat, g3, g3, 1e-5f)).Message);
        using var dy = OnDevice(SeededData.Tensor([2, 3, 5], seed: 3));
        Assert.Contains("gradient [2, 3, 5] and input [2, 3, 4] differ", Assert.Throws<ArgumentException>(() => BatchNormOps.Backward(dy, x, g3, g3, g3, 1e-5f)).Message);
    }

    [BackendFact]
    public void The_result_is_bit_identical_run_to_run_and_for_any_cpu_thread_count()
    {
        // 16,384 values per channel: enough for the CPU to split the 4 channels over two threads.
        using var cx = SeededData.Tensor([4, 4, 64, 64], seed: 9);
        using var cdy = SeededData.Tensor([4, 4, 64, 64], seed: 10);
        using Tensor x = OnDevice(cx), dy = OnDevice(cdy), g = OnDevice(Tensor.Ones([4])), b = OnDevice(Tensor.Zeros([4]));
        int[] Run()
        {
            var (y, m, v) = BatchNormOps.Forward(x, g, b, 1e-5f);
            var (dx, dg, db) = BatchNormOps.Backward(dy, x, g, m, v, 1e-5f);
            float[] all = [.. y.ToArray(), .. m.ToArray(), .. v.ToArray(), .. dx.ToArray(), .. dg.ToArray(), .. db.ToArray()];
            foreach (var t in new[] { y, m, v, dx, dg, db }) t.Dispose();
            return all.Select(BitConverter.SingleToInt32Bits).ToArray();
        }
        var first = Run();
        Assert.Equal(first, Run());
        if (IsGpu) return;
        int saved = CpuThreads.Count;
        try
        {
            CpuThreads.Count = 1;
            var one = Run();
            CpuThreads.Count = 2;
            Assert.Equal(one, Run());
        }
        finally { CpuThreads.Count = saved; }
    }
}

public sealed class Cpu_BatchNormOpTests : BatchNormOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class IlgpuCpu_BatchNormOpTests : BatchNormOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class Cuda_BatchNormOpTests : BatchNormOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
