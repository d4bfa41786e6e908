using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

/// <summary>
/// 2-D convolution and its two gradients as users call them: validation with clear errors, then the device's
/// fused kernels (<see cref="IConvKernels"/>) where it has them, else the composition they must equal bit for bit:
/// im2col, one GEMM per image, col2im (<see cref="Composed"/>).
/// </summary>
public static class ConvOps
{
    private static ConvShape Check(Tensor x, Tensor w, Tensor? b, int stride, int padding, string op)
    {
        x.ThrowIfDisposed(op);
        w.ThrowIfDisposed(op);
        if (x.Rank != 4) throw new ArgumentException($"{op}: expects input [N, C, H, W], got {x.Shape}.");
        if (w.Rank != 4) throw new ArgumentException($"{op}: expects weight [O, C, KH, KW], got {w.Shape}.");
        if (w.Shape[1] != x.Shape[1])
            throw new ArgumentException($"{op}: input has {x.Shape[1]} channels (shape {x.Shape}) but the weight expects {w.Shape[1]} (shape {w.Shape}).");
        if (b is not null && (b.Rank != 1 || b.Shape[0] != w.Shape[0]))
            throw new ArgumentException($"{op}: bias shape {b.Shape} does not match {w.Shape[0]} output channels.");
        if (w.Device != x.Device || (b is not null && b.Device != x.Device))
            throw new ArgumentException($"{op}: input, weight and bias must be on one device (input on {x.Device}, weight on {w.Device}).");
        int oh = LayerOps.OutputSize(x.Shape[2], w.Shape[2], stride, padding, op);
        int ow = LayerOps.OutputSize(x.Shape[3], w.Shape[3], stride, padding, op);
        return new ConvShape(x.Shape[0], w.Shape[0], oh, ow);
    }

    private readonly record struct ConvShape(int N, int O, int OH, int OW);

    private static IConvKernels? Fused(Tensor t) => t.Device.Backend as IConvKernels;

    /// <summary>y [N, O, OH, OW] = conv(x [N, C, H, W], w [O, C, KH, KW]) + bias [O].</summary>
    public static Tensor Conv2d(Tensor x, Tensor w, Tensor? bias, int stride, int padding)
    {
        var s = Check(x, w, bias, stride, padding, nameof(Conv2d));
        if (Fused(x) is not { } k) return Composed.Forward(x, w, bias, stride, padding);
        using var xc = x.Contiguous();
        using var wc = w.Contiguous();
        using var bc = bias?.Contiguous();
        var y = Tensor.Empty([s.N, s.O, s.OH, s.OW], x.Device);
        k.Conv2dForward(xc, wc, bc, stride, padding, y);
        return y;
    }

    /// <summary>
    /// The gradients of <see cref="Conv2d"/> with respect to its input and weight, given the output gradient dy
    /// [N, O, OH, OW]; each only when asked for. (The bias gradient is dy summed over images and pixels.)
    /// </summary>
    public static (Tensor? Dx, Tensor? Dw) Conv2dBackward(Tensor dy, Tensor x, Tensor w, int stride, int padding, bool inputGrad, bool weightGrad)
    {
        var s = Check(x, w, null, stride, padding, nameof(Conv2dBackward));
        dy.ThrowIfDisposed(nameof(Conv2dBackward));
        Shape expected = [s.N, s.O, s.OH, s.OW];
        if (dy.Shape != expected)
            throw new ArgumentException($"{nameof(Conv2dBackward)}: output gradient has shape {dy.Shape}, the convolution's output is {expected}.");
        if (!inputGrad && !weightGrad) return (null, null);
        if (Fused(x) is { } k)
        {
            using var dyc = dy.Contiguous();
            using var xc = x.Contiguous();
            using var wc = w.Contiguous();
            var dx = inputGrad ? Tensor.Empty(x.Shape, x.Device) : null;
            var dw = weightGrad ? Tensor.Empty(w.Shape, x.Device) : null;
            if (k.TryConv2dBackward(dyc, xc, wc, stride, padding, dx, dw)) return (dx, dw);
            dx?.Dispose();
            dw?.Dispose();
        }
        return (inputGrad ? Composed.InputGrad(dy, x.Shape, w, stride, padding) : null,
                weightGrad ? Composed.WeightGrad(dy, x, w.Shape, stride, padding) : null);
    }

    /// <summary>The definition of the fused kernels, op by op (and the path of devices without them).</summary>
    public static class Composed
    {
        public static Tensor Forward(Tensor x, Tensor w, Tensor? bias, int stride, int padding)
        {
            int n = x.Shape[0], o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
            int oh = LayerOps.OutputSize(x.Shape[2], kh, stride, padding, nameof(Conv2d)), ow = LayerOps.OutputSize(x.Shape[3], kw, stride, padding, nameof(Conv2d));
            using var cols = LayerOps.Im2Col(x, kh, kw, stride, padding);
            using var wm = w.Reshape(o, -1);
            using var y3 = Tensor.MatMul(wm, cols); // [N, O, L]
            if (bias is null) return y3.Reshape(n, o, oh, ow);
            using var bc = bias.Reshape(o, 1);
            using var yb = y3 + bc;
            return yb.Reshape(n, o, oh, ow);
        }

        /// <summary>dx = col2im(W^T x dy_n) per image.</summary>
        public static Tensor InputGrad(Tensor dy, Shape x, Tensor w, int stride, int padding)
        {
            using var g3 = dy.Reshape(dy.Shape[0], dy.Shape[1], -1);
            using var wm = w.Reshape(w.Shape[0], -1);
            using var wt = wm.T();
            using var dcols = Tensor.MatMul(wt, g3);
            return LayerOps.Col2Im(dcols, x, w.Shape[2], w.Shape[3], stride, padding);
        }

        /// <summary>dw = sum over images, in order, of dy_n x im2col(x_n)^T.</summary>
        public static Tensor WeightGrad(Tensor dy, Tensor x, Shape w, int stride, int padding)
        {
            using var g3 = dy.Reshape(dy.Shape[0], dy.Shape[1], -1);
            using var cols = LayerOps.Im2Col(x, w[2], w[3], stride, padding);
            using var colsT = cols.Transpose(1, 2);
            using var perImage = Tensor.MatMul(g3, colsT); // [N, O, C*KH*KW]
            using var summed = perImage.Sum(0);
            return summed.Reshape(w.ToArray());
        }
    }
}
