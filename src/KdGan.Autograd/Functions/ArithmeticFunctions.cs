using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

// Binary arithmetic with broadcasting. Each input's gradient is reduced back to its own shape (ReduceTo).

/// <summary>y = a + b; dy/da = 1, dy/db = 1.</summary>
internal sealed class AddFunction : Function
{
    private Shape _a = null!, _b = null!;

    public static Variable Apply(Variable a, Variable b)
    {
        var fn = new AddFunction { _a = a.Shape, _b = b.Shape };
        return fn.Record(a.Data + b.Data, a, b);
    }

    protected internal override Tensor?[] Backward(Tensor g) =>
        [NeedsGrad(0) ? ReduceTo(g.Clone(), _a) : null, NeedsGrad(1) ? ReduceTo(g.Clone(), _b) : null];
}

/// <summary>y = a - b; dy/da = 1, dy/db = -1.</summary>
internal sealed class SubFunction : Function
{
    private Shape _a = null!, _b = null!;

    public static Variable Apply(Variable a, Variable b)
    {
        var fn = new SubFunction { _a = a.Shape, _b = b.Shape };
        return fn.Record(a.Data - b.Data, a, b);
    }

    protected internal override Tensor?[] Backward(Tensor g) =>
        [NeedsGrad(0) ? ReduceTo(g.Clone(), _a) : null, NeedsGrad(1) ? ReduceTo(-g, _b) : null];
}

/// <summary>y = a * b; dy/da = b, dy/db = a.</summary>
internal sealed class MulFunction : Function
{
    private Tensor _a = null!, _b = null!;

    public static Variable Apply(Variable a, Variable b)
    {
        var fn = new MulFunction();
        if (ShouldRecord(a, b)) { fn._a = fn.Save(a.Data); fn._b = fn.Save(b.Data); }
        return fn.Record(a.Data * b.Data, a, b);
    }

    protected internal override Tensor?[] Backward(Tensor g) =>
        [NeedsGrad(0) ? ReduceTo(g * _b, _a.Shape) : null, NeedsGrad(1) ? ReduceTo(g * _a, _b.Shape) : null];
}

/// <summary>y = a / b; dy/da = 1/b, dy/db = -a/b^2 = -y/b.</summary>
internal sealed class DivFunction : Function
{
    private Tensor _a = null!, _b = null!;

    public static Variable Apply(Variable a, Variable b)
    {
        var fn = new DivFunction();
        if (ShouldRecord(a, b)) { fn._a = fn.Save(a.Data); fn._b = fn.Save(b.Data); }
        return fn.Record(a.Data / b.Data, a, b);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        Tensor? ga = NeedsGrad(0) ? ReduceTo(g / _b, _a.Shape) : null;
        Tensor? gb = null;
        if (NeedsGrad(1))
        {
            using var b2 = _b.Square();
            using var ab2 = _a / b2;
            using var gab2 = g * ab2;
            gb = ReduceTo(-gab2, _b.Shape);
        }
        return [ga, gb];
    }
}

/// <summary>y = -x.</summary>
internal sealed class NegFunction : Function
{
    public static Variable Apply(Variable x) => new NegFunction().Record(-x.Data, x);
    protected internal override Tensor?[] Backward(Tensor g) => [-g];
}

/// <summary>y = x * s + t for scalars s, t; dy/dx = s.</summary>
internal sealed class AffineScalarFunction : Function
{
    private float _scale;

    public static Variable Apply(Variable x, float scale, float shift)
    {
        var fn = new AffineScalarFunction { _scale = scale };
        Tensor y;
        if (shift == 0) y = x.Data * scale;
        else if (scale == 1) y = x.Data + shift;
        else
        {
            using var scaled = x.Data * scale;
            y = scaled + shift;
        }
        return fn.Record(y, x);
    }

    protected internal override Tensor?[] Backward(Tensor g) => [_scale == 1 ? g.Clone() : g * _scale];
}
