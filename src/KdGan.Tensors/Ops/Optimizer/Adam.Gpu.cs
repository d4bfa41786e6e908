using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

// The fused optimiser update (IOptimizerKernels): AdamKernels.cs beside this file, one thread per element.
public sealed partial class GpuBackend : IOptimizerKernels
{
    public void AdamStep(Tensor param, Tensor grad, Tensor m, Tensor v, AdamCoefficients c)
    {
        if (param.NumElements == 0) return;
        Begin();
        var a = new AdamArgs
        {
            POffset = checked((int)param.Offset), GOffset = checked((int)grad.Offset), MOffset = checked((int)m.Offset), VOffset = checked((int)v.Offset),
            Beta1 = c.Beta1, Beta2 = c.Beta2, Eps = c.Eps, StepSize = c.StepSize, InvSqrtBias2 = c.InvSqrtBias2,
        };
        Kernels.Auto(KernelTable.AdamStep, Count(param), View(param), View(grad), View(m), View(v), a);
    }
}
