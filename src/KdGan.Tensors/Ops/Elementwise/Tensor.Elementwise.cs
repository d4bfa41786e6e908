using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

// The elementwise primitives as users call them: Apply checks, broadcasts and allocates, then the device's backend runs
// the op (Elementwise.Cpu.cs, Elementwise.Gpu.cs beside this file). Every op value is reachable through Apply; the
// named methods and operators are shorthands.
public sealed partial class Tensor
{
    /// <summary>Applies a unary primitive; <paramref name="alpha"/> is the scalar argument of the *Scalar ops.</summary>
    public Tensor Apply(UnaryOp op, float alpha = 0f)
    {
        ThrowIfDisposed(op.ToString());
        var result = Empty(Shape, Device);
        Device.Backend.Unary(op, this, alpha, result);
        return result;
    }

    /// <summary>Applies a binary primitive with NumPy/PyTorch broadcasting.</summary>
    public static Tensor Apply(BinaryOp op, Tensor a, Tensor b)
    {
        string name = op.ToString();
        a.ThrowIfDisposed(name);
        b.ThrowIfDisposed(name);
        Device.CheckSame(a.Device, b.Device, name);
        var shape = Shape.Broadcast(a.Shape, b.Shape, name);
        using var ea = a.Expand(shape);
        using var eb = b.Expand(shape);
        var result = Empty(shape, a.Device);
        a.Device.Backend.Binary(op, ea, eb, result);
        return result;
    }

    public Tensor Neg() => Apply(UnaryOp.Neg);
    public Tensor Abs() => Apply(UnaryOp.Abs);
    public Tensor Exp() => Apply(UnaryOp.Exp);
    public Tensor Log() => Apply(UnaryOp.Log);
    public Tensor Sqrt() => Apply(UnaryOp.Sqrt);
    public Tensor Square() => Apply(UnaryOp.Square);
    public Tensor Reciprocal() => Apply(UnaryOp.Reciprocal);
    public Tensor Relu() => Apply(UnaryOp.Relu);
    public Tensor LeakyRelu(float slope = 0.01f) => Apply(UnaryOp.LeakyRelu, slope);
    public Tensor Sigmoid() => Apply(UnaryOp.Sigmoid);
    public Tensor Tanh() => Apply(UnaryOp.Tanh);
    public Tensor Pow(float exponent) => Apply(UnaryOp.PowScalar, exponent);

    public static Tensor Add(Tensor a, Tensor b) => Apply(BinaryOp.Add, a, b);
    public static Tensor Sub(Tensor a, Tensor b) => Apply(BinaryOp.Sub, a, b);
    public static Tensor Mul(Tensor a, Tensor b) => Apply(BinaryOp.Mul, a, b);
    public static Tensor Div(Tensor a, Tensor b) => Apply(BinaryOp.Div, a, b);
    public static Tensor Maximum(Tensor a, Tensor b) => Apply(BinaryOp.Maximum, a, b);
    public static Tensor Minimum(Tensor a, Tensor b) => Apply(BinaryOp.Minimum, a, b);

    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, float s) => a.Apply(UnaryOp.AddScalar, s);
    public static Tensor operator -(Tensor a, float s) => a.Apply(UnaryOp.AddScalar, -s);
    public static Tensor operator *(Tensor a, float s) => a.Apply(UnaryOp.MulScalar, s);
    public static Tensor operator /(Tensor a, float s) => a.Apply(UnaryOp.MulScalar, 1f / s);
    public static Tensor operator +(float s, Tensor a) => a.Apply(UnaryOp.AddScalar, s);
    public static Tensor operator *(float s, Tensor a) => a.Apply(UnaryOp.MulScalar, s);
    public static Tensor operator -(float s, Tensor a)
    {
        using var negated = a.Neg();
        return negated + s;
    }
}
