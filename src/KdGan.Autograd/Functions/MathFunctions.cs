using KdGan.Tensors;
using KdGan.Tensors.Backends;

namespace KdGan.Autograd.Functions;

// Elementwise functions of one variable: y = f(x), dx = g * f'(x).

/// <summary>y = e^x; dy/dx = y.</summary>
internal sealed class ExpFunction : Function
{
    private Tensor _y = null!;
    public static Variable Apply(Variable x)
    {
        var fn = new ExpFunction();
        var y = x.Data.Exp();
        if (ShouldRecord(x)) fn._y = fn.Save(y);
        return fn.Record(y, x);
    }
    protected internal override Tensor?[] Backward(Tensor g) => [g * _y];
}

/// <summary>y = ln x; dy/dx = 1/x.</summary>
internal sealed class LogFunction : Function
{
    private Tensor _x = null!;
    public static Variable Apply(Variable x)
    {
        var fn = new LogFunction();
        if (ShouldRecord(x)) fn._x = fn.Save(x.Data);
        return fn.Record(x.Data.Log(), x);
    }
    protected internal override Tensor?[] Backward(Tensor g) => [g / _x];
}

/// <summary>y = sqrt x; dy/dx = 1 / (2 y).</summary>
internal sealed class SqrtFunction : Function
{
    private Tensor _y = null!;
    public static Variable Apply(Variable x)
    {
        var fn = new SqrtFunction();
        var y = x.Data.Sqrt();
        if (ShouldRecord(x)) fn._y = fn.Save(y);
        return fn.Record(y, x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var twoY = _y * 2f;
        return [g / twoY];
    }
}

/// <summary>y = s / x (s = 1: the reciprocal 1/x; x = 0 gives inf, as PyTorch); dy/dx = -s / x^2 = -s r^2 with r = 1/x.</summary>
internal sealed class ReciprocalFunction : Function
{
    private Tensor _r = null!;
    private float _s;
    public static Variable Apply(Variable x, float s = 1f)
    {
        var fn = new ReciprocalFunction { _s = s };
        var r = x.Data.Reciprocal();
        if (ShouldRecord(x)) fn._r = fn.Save(r);
        if (s == 1) return fn.Record(r, x);
        using (r) return fn.Record(r * s, x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var r2 = _r.Square();
        using var d = r2 * -_s;
        return [g * d];
    }
}

/// <summary>y = x^p; dy/dx = p x^(p-1).</summary>
internal sealed class PowFunction : Function
{
    private Tensor _x = null!;
    private float _p;
    public static Variable Apply(Variable x, float p)
    {
        var fn = new PowFunction { _p = p };
        if (ShouldRecord(x)) fn._x = fn.Save(x.Data);
        return fn.Record(p == 2 ? x.Data.Square() : x.Data.Pow(p), x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var d = _p == 2 ? _x * 2f : _x.Pow(_p - 1);
        if (_p != 2)
        {
            using var scaled = d * _p;
            return [g * scaled];
        }
        return [g * d];
    }
}

/// <summary>y = |x|; dy/dx = sign x (0 at 0, as PyTorch).</summary>
internal sealed class AbsFunction : Function
{
    private Tensor _x = null!;
    public static Variable Apply(Variable x)
    {
        var fn = new AbsFunction();
        if (ShouldRecord(x)) fn._x = fn.Save(x.Data);
        return fn.Record(x.Data.Abs(), x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var pos = _x.Apply(UnaryOp.GreaterThanScalar, 0f);
        using var negX = -_x;
        using var neg = negX.Apply(UnaryOp.GreaterThanScalar, 0f);
        using var sign = pos - neg;
        return [g * sign];
    }
}

/// <summary>y = max(x, 0) (or slope * x below 0 for leaky ReLU); dy/dx = 1 above 0, else 0 (or slope).</summary>
internal sealed class ReluFunction : Function
{
    private Tensor _x = null!;
    private float _slope;
    public static Variable Apply(Variable x, float slope = 0f)
    {
        var fn = new ReluFunction { _slope = slope };
        if (ShouldRecord(x)) fn._x = fn.Save(x.Data);
        return fn.Record(slope == 0 ? x.Data.Relu() : x.Data.LeakyRelu(slope), x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var mask = _x.Apply(UnaryOp.GreaterThanScalar, 0f);
        if (_slope == 0) return [g * mask];
        // slope + (1 - slope) * mask
        using var scaled = mask * (1 - _slope);
        using var d = scaled + _slope;
        return [g * d];
    }
}

/// <summary>y = sigma(x); dy/dx = y (1 - y).</summary>
internal sealed class SigmoidFunction : Function
{
    private Tensor _y = null!;
    public static Variable Apply(Variable x)
    {
        var fn = new SigmoidFunction();
        var y = x.Data.Sigmoid();
        if (ShouldRecord(x)) fn._y = fn.Save(y);
        return fn.Record(y, x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var oneMinus = 1f - _y;
        using var d = _y * oneMinus;
        return [g * d];
    }
}

/// <summary>y = tanh x; dy/dx = 1 - y^2.</summary>
internal sealed class TanhFunction : Function
{
    private Tensor _y = null!;
    public static Variable Apply(Variable x)
    {
        var fn = new TanhFunction();
        var y = x.Data.Tanh();
        if (ShouldRecord(x)) fn._y = fn.Save(y);
        return fn.Record(y, x);
    }
    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var y2 = _y.Square();
        using var d = 1f - y2;
        return [g * d];
    }
}

/// <summary>
/// y = max(a, b) or min(a, b) elementwise. The gradient goes to the chosen input; at ties it is split
/// evenly between both (as torch.maximum / torch.minimum).
/// </summary>
internal sealed class MinMaxFunction : Function
{
    private Tensor _a = null!, _b = null!;
    private bool _isMax;

    public static Variable Apply(Variable a, Variable b, bool isMax)
    {
        var fn = new MinMaxFunction { _isMax = isMax };
        if (ShouldRecord(a, b)) { fn._a = fn.Save(a.Data); fn._b = fn.Save(b.Data); }
        return fn.Record(isMax ? Tensor.Maximum(a.Data, b.Data) : Tensor.Minimum(a.Data, b.Data), a, b);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        // share_a = 1 where a wins, 0.5 at ties, 0 where b wins
        using var aWins = _isMax ? Tensor.Apply(BinaryOp.GreaterThan, _a, _b) : Tensor.Apply(BinaryOp.GreaterThan, _b, _a);
        using var tie = Tensor.Apply(BinaryOp.Equal, _a, _b);
        using var halfTie = tie * 0.5f;
        using var shareA = aWins + halfTie;
        using var shareB = 1f - shareA;
        return [NeedsGrad(0) ? ReduceTo(g * shareA, _a.Shape) : null, NeedsGrad(1) ? ReduceTo(g * shareB, _b.Shape) : null];
    }
}
