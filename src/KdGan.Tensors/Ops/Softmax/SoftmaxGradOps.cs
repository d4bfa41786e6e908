using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

/// <summary>
/// The gradient of y = softmax(x / T) over the last axis: dx = y * (g - s) / T with s = sum_j g_j y_j per row
/// (the Jacobian diag(y) - y y^T, over T). Validation, then the device's fused row kernel where it has one
/// (<see cref="ISoftmaxGradKernels"/>), else the composition of elementwise ops and a row sum (<see cref="Composed"/>).
/// </summary>
public static class SoftmaxGradOps
{
    public static Tensor SoftmaxBackward(Tensor y, Tensor g, float temperature)
    {
        y.ThrowIfDisposed(nameof(SoftmaxBackward));
        g.ThrowIfDisposed(nameof(SoftmaxBackward));
        if (y.Shape != g.Shape)
            throw new ArgumentException($"{nameof(SoftmaxBackward)}: the gradient has shape {g.Shape}, the softmax output {y.Shape}.");
        if (y.Rank == 0) throw new ArgumentException($"{nameof(SoftmaxBackward)}: expects at least one axis, got a scalar.");
        if (!(temperature > 0) || float.IsInfinity(temperature))
            throw new ArgumentException($"{nameof(SoftmaxBackward)}: temperature must be a positive finite number, got {temperature}.");
        if (y.Device != g.Device)
            throw new ArgumentException($"{nameof(SoftmaxBackward)}: output on {y.Device}, gradient on {g.Device}.");
        if (y.Device.Backend is not ISoftmaxGradKernels k) return Composed.Backward(y, g, temperature);
        using var yc = y.Contiguous();
        using var gc = g.Contiguous();
        var dx = Tensor.Empty(y.Shape, y.Device);
        k.SoftmaxBackward(yc, gc, temperature, dx);
        return dx;
    }

    /// <summary>The definition of the fused kernel, op by op (and the path of devices without it).</summary>
    public static class Composed
    {
        public static Tensor Backward(Tensor y, Tensor g, float temperature)
        {
            using var gy = g * y;
            using var s = gy.Sum(-1, keepDim: true);
            using var centered = g - s;
            using var d = y * centered;
            return temperature == 1 ? d.Contiguous() : d * (1f / temperature);
        }
    }
}
