using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

/// <summary>
/// 2-D convolution (cross-correlation, as PyTorch), defined through im2col: cols = im2col(x) [N, C*KH*KW, L],
/// y = W_m cols + b with W_m = W viewed as [O, C*KH*KW]. Backward:
/// dW = sum_n dy_n cols_n^T, db = sum over n and positions of dy, dx = col2im(W_m^T dy).
/// <see cref="ConvOps"/> runs the device's fused kernels where it has them (same bits).
/// </summary>
internal sealed class Conv2dFunction : Function
{
    private Tensor _x = null!, _w = null!;
    private int _stride, _padding;
    private bool _hasBias;

    public static Variable Apply(Variable x, Variable w, Variable? b, int stride, int padding)
    {
        var y = ConvOps.Conv2d(x.Data, w.Data, b?.Data, stride, padding);
        var fn = new Conv2dFunction { _stride = stride, _padding = padding, _hasBias = b is not null };
        Variable[] inputs = b is null ? [x, w] : [x, w, b];
        if (ShouldRecord(inputs)) { fn._x = fn.Save(x.Data); fn._w = fn.Save(w.Data); }
        return fn.Record(y, inputs);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        var (dx, dw) = ConvOps.Conv2dBackward(g, _x, _w, _stride, _padding, NeedsGrad(0), NeedsGrad(1));
        Tensor? db = null;
        if (_hasBias && NeedsGrad(2))
        {
            using var g3 = g.Reshape(g.Shape[0], g.Shape[1], -1);
            db = g3.Sum([0, 2]);
        }
        return _hasBias ? [dx, dw, db] : [dx, dw];
    }
}

/// <summary>Max pooling; the gradient goes to the first maximum of each window.</summary>
internal sealed class MaxPool2dFunction : Function
{
    private Tensor _argmax = null!;
    private Shape _x = null!;

    public static Variable Apply(Variable x, int kernel, int stride, int padding)
    {
        var (y, arg) = LayerOps.MaxPool2d(x.Data, kernel, stride, padding);
        var fn = new MaxPool2dFunction { _x = x.Shape };
        if (ShouldRecord(x)) fn._argmax = fn.Save(arg);
        arg.Dispose();
        return fn.Record(y, x);
    }

    protected internal override Tensor?[] Backward(Tensor g) => [LayerOps.MaxPool2dBackward(g, _argmax, _x)];
}

/// <summary>Average pooling; the gradient is spread evenly over each window.</summary>
internal sealed class AvgPool2dFunction : Function
{
    private Shape _x = null!;
    private int _kernel, _stride, _padding;

    public static Variable Apply(Variable x, int kernel, int stride, int padding)
    {
        var fn = new AvgPool2dFunction { _x = x.Shape, _kernel = kernel, _stride = stride, _padding = padding };
        return fn.Record(LayerOps.AvgPool2d(x.Data, kernel, stride, padding), x);
    }

    protected internal override Tensor?[] Backward(Tensor g) => [LayerOps.AvgPool2dBackward(g, _x, _kernel, _stride, _padding)];
}
