using KdGan.Testing;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>
/// Gumbel sampling (GumbelOps / IGumbelKernels, src/KdGan.Tensors/Ops/Gumbel): Gumbel-max indices must equal the
/// reference's and the CPU's exactly, Gumbel-softmax must match the reference within float rounding and sum to one
/// per row, strided logits included.
/// </summary>
public abstract class GumbelOpTests : OpTestBase
{
    [BackendFact]
    public void Gumbel_max_indices_equal_the_reference_and_the_cpu()
    {
        (Shape Shape, int Samples, ulong Seed, ulong Offset)[] cases =
            [([3, 5], 4, 7, 0), ([2, 17], 3, 123, 9), ([1, 1], 2, 5, 1), ([4, 10], 1, 0xDEAD_BEEF_0123UL, (1UL << 32) + 1)];
        foreach (var (shape, samples, seed, offset) in cases)
        {
            using var cl = SeededData.Tensor(shape, seed: (int)shape.NumElements, scale: 1.5f);
            using var l = OnDevice(cl);
            using var idx = GumbelOps.GumbelMax(l, samples, seed, offset);
            string ctx = $"gumbel-max {shape} x {samples}, seed {seed}, offset {offset}";
            Assert.Equal(new Shape(shape[0], samples), idx.Shape);
            Check(ReferenceGumbel.GumbelMax(cl, samples, seed, offset), idx, () => GumbelOps.GumbelMax(cl, samples, seed, offset), 0f, 0f, ctx);
        }
    }

    [BackendFact]
    public void Gumbel_max_reads_strided_logits()
    {
        using var cbase = SeededData.Tensor([6, 3], seed: 4);
        using var cl = cbase.T(); // [3, 6], not contiguous
        using var lbase = OnDevice(cbase);
        using var l = lbase.T();
        using var idx = GumbelOps.GumbelMax(l, 5, 31, 2);
        Check(ReferenceGumbel.GumbelMax(cl, 5, 31, 2), idx, () => GumbelOps.GumbelMax(cl, 5, 31, 2), 0f, 0f, "gumbel-max of a transpose");
    }

    [BackendFact]
    public void Gumbel_softmax_matches_the_reference()
    {
        (Shape Shape, float Tau, ulong Offset)[] cases = [([4, 6], 0.7f, 2), ([2, 300], 1f, 0), ([2, 3, 5], 0.5f, 3), ([3, 1], 2f, 1), ([7], 1.5f, 5)];
        foreach (var (shape, tau, offset) in cases)
        {
            using var cl = SeededData.Tensor(shape, seed: (int)shape.NumElements, scale: 2f);
            using var l = OnDevice(cl);
            using var y = GumbelOps.GumbelSoftmax(l, tau, 17, offset);
            string ctx = $"gumbel-softmax {shape}, tau {tau}, offset {offset}";
            Check(ReferenceGumbel.GumbelSoftmax(cl, tau, 17, offset), y, () => GumbelOps.GumbelSoftmax(cl, tau, 17, offset), 1e-5f, 1e-4f, ctx);
            using var s = y.Sum(-1);
            Assert.All(s.ToArray(), v => Assert.InRange(v, 1f - 1e-5f, 1f + 1e-5f));
        }

        using var cbase = SeededData.Tensor([5, 4], seed: 8);
        using var ct = cbase.T();
        using var tbase = OnDevice(cbase);
        using var t = tbase.T();
        using var yt = GumbelOps.GumbelSoftmax(t, 0.9f, 3, 4);
        Check(ReferenceGumbel.GumbelSoftmax(ct, 0.9f, 3, 4), yt, () => GumbelOps.GumbelSoftmax(ct, 0.9f, 3, 4), 1e-5f, 1e-4f, "gumbel-softmax of a transpose");
    }
}

// The Gumbel suite on each backend.
public sealed class Cpu_GumbelOpTests : GumbelOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class IlgpuCpu_GumbelOpTests : GumbelOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class Cuda_GumbelOpTests : GumbelOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
