using ILGPU;
using ILGPU.Runtime;
using KdGan.Tensors.Backends.Gpu.Kernels;

namespace KdGan.Tensors.Backends.Gpu;

// Fused training-mode batch norm (IBatchNormKernels): one group per channel (BatchNormKernels.cs).
public sealed partial class GpuBackend : IBatchNormKernels
{
    private static ArrayView<float> Whole(Tensor t) => View(t).SubView(t.Offset, t.NumElements);

    private (KernelConfig Config, BatchNormArgs Args) BatchNormLaunch(Tensor x, float eps)
    {
        var (n, c, s) = BatchNormOps.Dims(x.Shape);
        if ((long)n * c * s > int.MaxValue)
            throw new ArgumentException($"BatchNorm on {Device}: input {x.Shape} has more than 2^31 - 1 elements; the GPU kernels index with int.");
        int m = n * s;
        return (new KernelConfig(c, GroupFor(m)), new BatchNormArgs { N = n, C = c, S = s, Eps = eps });
    }

    public void BatchNormForward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor variance)
    {
        var (config, args) = BatchNormLaunch(x, eps);
        Begin();
        Kernels.Grouped(KernelTable.BatchNormForward, config, Whole(x), Whole(gamma), Whole(beta), Whole(y), Whole(mean), Whole(variance), args);
    }

    public void BatchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor variance, float eps, Tensor dx, Tensor dgamma, Tensor dbeta)
    {
        var (config, args) = BatchNormLaunch(x, eps);
        Begin();
        Kernels.Grouped(KernelTable.BatchNormBackward, config, Whole(dy), Whole(x), Whole(gamma), Whole(mean), Whole(variance), Whole(dx), Whole(dgamma), Whole(dbeta), args);
    }
}
