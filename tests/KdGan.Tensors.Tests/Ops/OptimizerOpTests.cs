using KdGan.Testing;
using KdGan.Tensors;
using KdGan.Tensors.Backends;
using KdGan.Tensors.Backends.Reference;

namespace KdGan.Tensors.Tests.Ops;

/// <summary>The fused Adam step against its double-precision reference loop and, on the ILGPU backends, the CPU backend.</summary>
public abstract class OptimizerOpTests : OpTestBase
{
    [BackendFact]
    public void Adam_step_matches_the_reference()
    {
        var c = new AdamCoefficients(0.9f, 0.999f, 1e-8f, 0.01f / (1 - 0.9f * 0.9f), 1f / MathF.Sqrt(1 - 0.999f * 0.999f));
        foreach (Shape shape in new Shape[] { [5], [3, 37], [2, 2, 65] })
        {
            using var cp = SeededData.Tensor(shape, seed: 1);
            using var cg = SeededData.Tensor(shape, seed: 2);
            using var cm = SeededData.Tensor(shape, seed: 3, scale: 0.5f);
            using var cv0 = SeededData.Tensor(shape, seed: 4, scale: 1f);
            using var cv = cv0.Abs();
            var (ep, em, ev) = ReferenceOptimizerOps.AdamStep(cp.ToArray(), cg.ToArray(), cm.ToArray(), cv.ToArray(), c);
            using var p = OnDevice(cp);
            using var g = OnDevice(cg);
            using var m = OnDevice(cm);
            using var v = OnDevice(cv);
            OptimizerOps.AdamStep(p, g, m, v, c);
            // The CPU backend's step on copies of the same inputs (Check compares it with the device on GPU backends).
            using var qp = cp * 1f;
            using var qm = cm * 1f;
            using var qv = cv * 1f;
            if (IsGpu) OptimizerOps.AdamStep(qp, cg, qm, qv, c);
            Check(em, m, IsGpu ? () => qm * 1f : null, 1e-6f, 1e-5f, $"m of {shape}");
            Check(ev, v, IsGpu ? () => qv * 1f : null, 1e-6f, 1e-5f, $"v of {shape}");
            Check(ep, p, IsGpu ? () => qp * 1f : null, 1e-5f, 1e-5f, $"p of {shape}");
        }
    }
}

public sealed class Cpu_OptimizerOpTests : OptimizerOpTests { protected override BackendKind Kind => BackendKind.Cpu; }
public sealed class IlgpuCpu_OptimizerOpTests : OptimizerOpTests { protected override BackendKind Kind => BackendKind.IlgpuCpu; }
public sealed class Cuda_OptimizerOpTests : OptimizerOpTests, IRequiresCuda { protected override BackendKind Kind => BackendKind.Cuda; }
