using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

/// <summary>The fused optimiser updates as users call them: validation with clear errors, then the device's kernel.</summary>
public static class OptimizerOps
{
    /// <summary>
    /// One fused Adam update in place (see <see cref="IOptimizerKernels.AdamStep"/>). <paramref name="param"/>,
    /// <paramref name="m"/> and <paramref name="v"/> must be contiguous; a strided gradient is made contiguous first.
    /// </summary>
    public static void AdamStep(Tensor param, Tensor grad, Tensor m, Tensor v, AdamCoefficients c)
    {
        foreach (var (t, name) in new[] { (param, "parameter"), (grad, "gradient"), (m, "first moment"), (v, "second moment") })
        {
            t.ThrowIfDisposed(nameof(AdamStep));
            if (t.Shape != param.Shape) throw new ArgumentException($"AdamStep: the {name} has shape {t.Shape}, the parameter {param.Shape}.");
            if (t.Device != param.Device) throw new ArgumentException($"AdamStep: the {name} is on {t.Device}, the parameter on {param.Device}.");
            if (!ReferenceEquals(t, grad) && !t.IsContiguous) throw new ArgumentException($"AdamStep: the {name} must be contiguous (it is updated in place).");
        }
        var kernels = param.Device.Backend as IOptimizerKernels
            ?? throw new NotSupportedException($"AdamStep: device {param.Device} has no fused optimiser kernels.");
        using var g = grad.Contiguous();
        kernels.AdamStep(param, g, m, v, c);
    }
}
