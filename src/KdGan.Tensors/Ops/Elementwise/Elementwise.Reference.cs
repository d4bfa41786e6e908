namespace KdGan.Tensors.Backends.Reference;

// The spec of the elementwise primitives, one line per op value: a part of ReferenceOps.
public static partial class ReferenceOps
{
    public static float Unary(UnaryOp op, float x, float alpha) => op switch
    {
        UnaryOp.Neg => -x,
        UnaryOp.Abs => MathF.Abs(x),
        UnaryOp.Exp => MathF.Exp(x),
        UnaryOp.Log => MathF.Log(x),
        UnaryOp.Sqrt => MathF.Sqrt(x),
        UnaryOp.Square => x * x,
        UnaryOp.Reciprocal => 1f / x,
        UnaryOp.Relu => x > 0 ? x : 0,
        UnaryOp.Sigmoid => 1f / (1f + MathF.Exp(-x)),
        UnaryOp.Tanh => MathF.Tanh(x),
        UnaryOp.AddScalar => x + alpha,
        UnaryOp.MulScalar => x * alpha,
        UnaryOp.PowScalar => MathF.Pow(x, alpha),
        UnaryOp.LeakyRelu => x > 0 ? x : alpha * x,
        UnaryOp.GreaterThanScalar => x > alpha ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static float Binary(BinaryOp op, float a, float b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Sub => a - b,
        BinaryOp.Mul => a * b,
        BinaryOp.Div => a / b,
        BinaryOp.Maximum => MathF.Max(a, b),
        BinaryOp.Minimum => MathF.Min(a, b),
        BinaryOp.GreaterThan => a > b ? 1 : 0,
        BinaryOp.Equal => a == b ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static float[] Unary(UnaryOp op, Tensor x, float alpha) => Values(x).Select(v => Unary(op, v, alpha)).ToArray();

    /// <summary>out[i] = op(a[i'], b[i'']) where i' and i'' are i with broadcast axes (size 1 or missing) read at 0.</summary>
    public static float[] Binary(BinaryOp op, Tensor a, Tensor b, out Shape shape)
    {
        shape = Shape.Broadcast(a.Shape, b.Shape, "reference");
        var result = new List<float>();
        foreach (var i in Indices(shape))
            result.Add(Binary(op, Get(a, BroadcastIndex(i, a.Shape)), Get(b, BroadcastIndex(i, b.Shape))));
        return [.. result];
    }
}
