using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

/// <summary>
/// Fused training-mode batch normalisation as users call it (<see cref="IBatchNormKernels"/>): validation with clear
/// errors, contiguous inputs, output allocation, then the device's kernel. Eval mode needs no kernel of its own: it is
/// the per-channel affine map of the running statistics.
/// </summary>
public static class BatchNormOps
{
    /// <summary>x as [N, C, S]: the batch, the channels (axis 1) and the product of the axes after them.</summary>
    public static (int N, int C, int S) Dims(Shape x)
    {
        int s = 1;
        for (int i = 2; i < x.Rank; i++) s = checked(s * x[i]);
        return (x[0], x[1], s);
    }

    private static IBatchNormKernels Kernels(Tensor t, string op) =>
        t.Device.Backend as IBatchNormKernels ?? throw new NotSupportedException($"{op}: device {t.Device} has no batch-norm kernels.");

    private static void CheckChannelVector(Tensor v, string name, int channels, Device device, string op)
    {
        v.ThrowIfDisposed(op);
        if (v.Rank != 1 || v.Shape[0] != channels) throw new ArgumentException($"{op}: {name} must have shape [{channels}] (one per channel), got {v.Shape}.");
        if (v.Device != device) throw new ArgumentException($"{op}: {name} is on {v.Device}, the input on {device}.");
    }

    private static (int N, int C, int S) Check(Tensor x, float eps, string op)
    {
        x.ThrowIfDisposed(op);
        if (x.Rank < 2) throw new ArgumentException($"{op}: expects [N, C, ...] with the channels on axis 1, got shape {x.Shape}.");
        if (!(eps > 0) || float.IsInfinity(eps)) throw new ArgumentOutOfRangeException(nameof(eps), $"{op}: eps must be positive and finite, got {eps}.");
        var d = Dims(x.Shape);
        if ((long)d.N * d.S == 0) throw new ArgumentException($"{op}: no values per channel in input {x.Shape}.");
        return d;
    }

    /// <summary>Training-mode batch norm of x [N, C, ...]: the output, and the batch mean and biased variance per channel.</summary>
    public static (Tensor Y, Tensor Mean, Tensor Variance) Forward(Tensor x, Tensor gamma, Tensor beta, float eps)
    {
        const string op = "BatchNorm";
        var (_, c, _) = Check(x, eps, op);
        CheckChannelVector(gamma, "gamma", c, x.Device, op);
        CheckChannelVector(beta, "beta", c, x.Device, op);
        using var xc = x.Contiguous();
        using var gc = gamma.Contiguous();
        using var bc = beta.Contiguous();
        var y = Tensor.Empty(x.Shape, x.Device);
        var mean = Tensor.Empty([c], x.Device);
        var variance = Tensor.Empty([c], x.Device);
        Kernels(x, op).BatchNormForward(xc, gc, bc, eps, y, mean, variance);
        return (y, mean, variance);
    }

    /// <summary>The gradients of <see cref="Forward"/> with respect to x, gamma and beta, given dL/dy.</summary>
    public static (Tensor Dx, Tensor DGamma, Tensor DBeta) Backward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor variance, float eps)
    {
        const string op = "BatchNormBackward";
        var (_, c, _) = Check(x, eps, op);
        dy.ThrowIfDisposed(op);
        if (dy.Shape != x.Shape) throw new ArgumentException($"{op}: gradient {dy.Shape} and input {x.Shape} differ.");
        if (dy.Device != x.Device) throw new ArgumentException($"{op}: gradient is on {dy.Device}, the input on {x.Device}.");
        CheckChannelVector(gamma, "gamma", c, x.Device, op);
        CheckChannelVector(mean, "mean", c, x.Device, op);
        CheckChannelVector(variance, "variance", c, x.Device, op);
        using var dyc = dy.Contiguous();
        using var xc = x.Contiguous();
        using var gc = gamma.Contiguous();
        using var mc = mean.Contiguous();
        using var vc = variance.Contiguous();
        var dx = Tensor.Empty(x.Shape, x.Device);
        var dgamma = Tensor.Empty([c], x.Device);
        var dbeta = Tensor.Empty([c], x.Device);
        Kernels(x, op).BatchNormBackward(dyc, xc, gc, mc, vc, eps, dx, dgamma, dbeta);
        return (dx, dgamma, dbeta);
    }
}
