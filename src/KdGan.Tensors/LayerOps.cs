using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

/// <summary>
/// The fused layer kernels as users call them: validation with clear errors, output allocation, then the
/// device's <see cref="ILayerKernels"/>.
/// </summary>
public static class LayerOps
{
    private static ILayerKernels Kernels(Tensor t, string op) =>
        t.Device.Backend as ILayerKernels
        ?? throw new NotSupportedException($"{op}: device {t.Device} has no fused layer kernels.");

    /// <summary>Output size of a convolution or pooling window along one axis.</summary>
    public static int OutputSize(int input, int kernel, int stride, int padding, string op)
    {
        if (kernel < 1 || stride < 1 || padding < 0)
            throw new ArgumentException($"{op}: kernel {kernel}, stride {stride} and padding {padding} must be >= 1, >= 1 and >= 0.");
        int o = (input + 2 * padding - kernel) / stride + 1;
        if (input + 2 * padding < kernel)
            throw new ArgumentException($"{op}: kernel {kernel} is larger than the padded input ({input} + 2 x {padding}).");
        return o;
    }

    private static void Check4d(Tensor x, string op, string what = "input")
    {
        x.ThrowIfDisposed(op);
        if (x.Rank != 4) throw new ArgumentException($"{op}: expects a 4-D {what} [N, C, H, W], got shape {x.Shape}.");
    }

    /// <summary>x [N, C, H, W] -> cols [N, C*KH*KW, OH*OW] (see <see cref="ILayerKernels.Im2Col"/>).</summary>
    public static Tensor Im2Col(Tensor x, int kernelH, int kernelW, int stride, int padding)
    {
        Check4d(x, nameof(Im2Col));
        int oh = OutputSize(x.Shape[2], kernelH, stride, padding, nameof(Im2Col));
        int ow = OutputSize(x.Shape[3], kernelW, stride, padding, nameof(Im2Col));
        var cols = Tensor.Empty([x.Shape[0], x.Shape[1] * kernelH * kernelW, oh * ow], x.Device);
        Kernels(x, nameof(Im2Col)).Im2Col(x, kernelH, kernelW, stride, padding, cols);
        return cols;
    }

    /// <summary>The adjoint of <see cref="Im2Col"/> into an image of <paramref name="imageShape"/>.</summary>
    public static Tensor Col2Im(Tensor cols, Shape imageShape, int kernelH, int kernelW, int stride, int padding)
    {
        cols.ThrowIfDisposed(nameof(Col2Im));
        if (imageShape.Rank != 4) throw new ArgumentException($"Col2Im: image shape must be [N, C, H, W], got {imageShape}.");
        int oh = OutputSize(imageShape[2], kernelH, stride, padding, nameof(Col2Im));
        int ow = OutputSize(imageShape[3], kernelW, stride, padding, nameof(Col2Im));
        var expected = new Shape(imageShape[0], imageShape[1] * kernelH * kernelW, oh * ow);
        if (cols.Shape != expected) throw new ArgumentException($"Col2Im: columns have shape {cols.Shape}, expected {expected} for image {imageShape}.");
        var dx = Tensor.Empty(imageShape, cols.Device);
        Kernels(cols, nameof(Col2Im)).Col2Im(cols, kernelH, kernelW, stride, padding, dx);
        return dx;
    }

    /// <summary>Max pooling: the pooled values and the argmax (flat index in the input plane) of each window.</summary>
    public static (Tensor Values, Tensor ArgMax) MaxPool2d(Tensor x, int kernel, int stride, int padding = 0)
    {
        Check4d(x, nameof(MaxPool2d));
        if (padding * 2 > kernel) throw new ArgumentException($"MaxPool2d: padding {padding} must be at most half the kernel {kernel}.");
        var shape = PooledShape(x, kernel, stride, padding, nameof(MaxPool2d));
        var y = Tensor.Empty(shape, x.Device);
        var arg = Tensor.Empty(shape, x.Device);
        Kernels(x, nameof(MaxPool2d)).MaxPool2d(x, kernel, stride, padding, y, arg);
        return (y, arg);
    }

    public static Tensor MaxPool2dBackward(Tensor dy, Tensor argmax, Shape inputShape)
    {
        Check4d(dy, nameof(MaxPool2dBackward), "gradient");
        if (argmax.Shape != dy.Shape) throw new ArgumentException($"MaxPool2dBackward: argmax {argmax.Shape} and gradient {dy.Shape} differ.");
        var dx = Tensor.Empty(inputShape, dy.Device);
        Kernels(dy, nameof(MaxPool2dBackward)).MaxPool2dBackward(dy, argmax, dx);
        return dx;
    }

    public static Tensor AvgPool2d(Tensor x, int kernel, int stride, int padding = 0)
    {
        Check4d(x, nameof(AvgPool2d));
        var y = Tensor.Empty(PooledShape(x, kernel, stride, padding, nameof(AvgPool2d)), x.Device);
        Kernels(x, nameof(AvgPool2d)).AvgPool2d(x, kernel, stride, padding, y);
        return y;
    }

    public static Tensor AvgPool2dBackward(Tensor dy, Shape inputShape, int kernel, int stride, int padding = 0)
    {
        Check4d(dy, nameof(AvgPool2dBackward), "gradient");
        var dx = Tensor.Empty(inputShape, dy.Device);
        Kernels(dy, nameof(AvgPool2dBackward)).AvgPool2dBackward(dy, kernel, stride, padding, dx);
        return dx;
    }

    private static Shape PooledShape(Tensor x, int kernel, int stride, int padding, string op) =>
        new(x.Shape[0], x.Shape[1], OutputSize(x.Shape[2], kernel, stride, padding, op), OutputSize(x.Shape[3], kernel, stride, padding, op));
}
