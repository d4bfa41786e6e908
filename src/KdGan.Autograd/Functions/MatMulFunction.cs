using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

/// <summary>
/// C = A B over the last two axes with broadcast batch axes. dA = dC B^T and dB = A^T dC, each summed over
/// the batch axes its operand was broadcast along. 1-D operands are lifted to matrices first (as torch.matmul).
/// </summary>
internal sealed class MatMulFunction : Function
{
    private Tensor _a = null!, _b = null!;

    public static Variable Apply(Variable a, Variable b)
    {
        if (a.Rank == 1 || b.Rank == 1)
        {
            // Lift to matrices so one backward serves every case, then drop the lifted axes.
            using var a2 = a.Rank == 1 ? a.Unsqueeze(0) : a.Reshape(a.Shape.ToArray());
            using var b2 = b.Rank == 1 ? b.Unsqueeze(1) : b.Reshape(b.Shape.ToArray());
            using var c = Apply(a2, b2);
            var dims = c.Shape.ToArray().ToList();
            if (b.Rank == 1) dims.RemoveAt(dims.Count - 1);
            if (a.Rank == 1) dims.RemoveAt(dims.Count - (b.Rank == 1 ? 1 : 2));
            return c.Reshape(dims.ToArray());
        }
        var fn = new MatMulFunction();
        if (ShouldRecord(a, b)) { fn._a = fn.Save(a.Data); fn._b = fn.Save(b.Data); }
        return fn.Record(Tensor.MatMul(a.Data, b.Data), a, b);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        Tensor? ga = null, gb = null;
        if (NeedsGrad(0))
        {
            using var bt = _b.Transpose(-1, -2);
            ga = ReduceTo(Tensor.MatMul(g, bt), _a.Shape);
        }
        if (NeedsGrad(1))
        {
            using var at = _a.Transpose(-1, -2);
            gb = ReduceTo(Tensor.MatMul(at, g), _b.Shape);
        }
        return [ga, gb];
    }
}

/// <summary>
/// y = x W^T for x [B, in] and W [out, in] (a linear layer without its bias). The same forward as MatMul(x, W^T),
/// but the weight gradient is formed as dW = g^T x, [out, in] in place, rather than as (x^T g)^T, which would be
/// copied back to W's layout. Each element is the same FMA chain over the batch either way (a product of two
/// floats does not depend on their order), so the bits are those of the composition.
/// </summary>
internal sealed class LinearFunction : Function
{
    private Tensor _x = null!, _w = null!;

    public static Variable Apply(Variable x, Variable w)
    {
        if (x.Rank != 2 || w.Rank != 2)
        {
            using var wt = w.T();
            return MatMulFunction.Apply(x, wt);
        }
        var fn = new LinearFunction();
        if (ShouldRecord(x, w)) { fn._x = fn.Save(x.Data); fn._w = fn.Save(w.Data); }
        using var wtData = w.Data.T();
        return fn.Record(Tensor.MatMul(x.Data, wtData), x, w);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        Tensor? dx = null, dw = null;
        if (NeedsGrad(0)) dx = Tensor.MatMul(g, _w);
        if (NeedsGrad(1))
        {
            using var gt = g.T();
            dw = Tensor.MatMul(gt, _x);
        }
        return [dx, dw];
    }
}
