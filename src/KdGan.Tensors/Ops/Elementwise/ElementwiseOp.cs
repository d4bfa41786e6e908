namespace KdGan.Tensors.Backends;

/// <summary>Elementwise unary primitives. The <c>*Scalar</c> ops and <see cref="LeakyRelu"/> take a scalar argument.</summary>
public enum UnaryOp
{
    Neg, Abs, Exp, Log, Sqrt, Square, Reciprocal, Relu, Sigmoid, Tanh,
    /// <summary>x + alpha.</summary>
    AddScalar,
    /// <summary>x * alpha.</summary>
    MulScalar,
    /// <summary>x ^ alpha.</summary>
    PowScalar,
    /// <summary>x if x &gt; 0 else alpha * x.</summary>
    LeakyRelu,
    /// <summary>1 if x &gt; alpha else 0.</summary>
    GreaterThanScalar,
}

/// <summary>Elementwise binary primitives (the backend receives operands already broadcast to the output shape).</summary>
public enum BinaryOp
{
    Add, Sub, Mul, Div, Maximum, Minimum,
    /// <summary>1 where a &gt; b else 0.</summary>
    GreaterThan,
    /// <summary>1 where a == b else 0.</summary>
    Equal,
}
