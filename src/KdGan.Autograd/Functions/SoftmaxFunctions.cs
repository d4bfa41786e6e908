using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

/// <summary>
/// y = softmax(x / T) over the last axis. With s = sum_j g_j y_j: dx = y (g - s) / T.
/// </summary>
internal sealed class SoftmaxFunction : Function
{
    private Tensor _y = null!;
    private float _t;

    public static Variable Apply(Variable x, float temperature)
    {
        var fn = new SoftmaxFunction { _t = temperature };
        var y = x.Data.Softmax(temperature);
        if (ShouldRecord(x)) fn._y = fn.Save(y);
        return fn.Record(y, x);
    }

    protected internal override Tensor?[] Backward(Tensor g) => [SoftmaxGradOps.SoftmaxBackward(_y, g, _t)];
}

/// <summary>
/// y = log softmax(x / T) over the last axis. With p = e^y and s = sum_j g_j: dx = (g - p s) / T.
/// </summary>
internal sealed class LogSoftmaxFunction : Function
{
    private Tensor _y = null!;
    private float _t;

    public static Variable Apply(Variable x, float temperature)
    {
        var fn = new LogSoftmaxFunction { _t = temperature };
        var y = x.Data.LogSoftmax(temperature);
        if (ShouldRecord(x)) fn._y = fn.Save(y);
        return fn.Record(y, x);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var p = _y.Exp();
        using var s = g.Sum(-1, keepDim: true);
        using var ps = p * s;
        using var d = g - ps;
        return [_t == 1 ? d.Contiguous() : d * (1f / _t)];
    }
}
