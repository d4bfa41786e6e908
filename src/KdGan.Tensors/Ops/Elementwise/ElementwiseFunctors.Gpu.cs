using ILGPU.Algorithms;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

// One struct per elementwise op: the GPU twins of Unary.Cpu.cs and Binary.Cpu.cs beside this file, float only
// (XMath for transcendentals). A kernel is instantiated once per op struct, so the op is inlined and costs
// no branch. ReferenceOps.Unary / ReferenceOps.Binary are the specification.

/// <summary>y = f(x, alpha) for one element.</summary>
public interface IGpuUnaryOp
{
    float Apply(float x, float alpha);
}

/// <summary>y = f(a, b) for one element.</summary>
public interface IGpuBinaryOp
{
    float Apply(float a, float b);
}

public struct GpuIdentity : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => x; }
public struct GpuNeg : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => -x; }
public struct GpuAbs : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => XMath.Abs(x); }
public struct GpuExp : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => XMath.Exp(x); }
public struct GpuLog : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => XMath.Log(x); }
public struct GpuSqrt : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => XMath.Sqrt(x); }
public struct GpuSquare : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => x * x; }
public struct GpuReciprocal : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => 1f / x; }
public struct GpuRelu : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => x > 0f ? x : 0f; }
public struct GpuSigmoid : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => 1f / (1f + XMath.Exp(-x)); }
public struct GpuTanh : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => XMath.Tanh(x); }
public struct GpuAddScalar : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => x + alpha; }
public struct GpuMulScalar : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => x * alpha; }
public struct GpuPowScalar : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => GpuMath.Pow(x, alpha); }
public struct GpuLeakyRelu : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => x > 0f ? x : alpha * x; }
public struct GpuGreaterThanScalar : IGpuUnaryOp { public readonly float Apply(float x, float alpha) => x > alpha ? 1f : 0f; }

public struct GpuAdd : IGpuBinaryOp { public readonly float Apply(float a, float b) => a + b; }
public struct GpuSub : IGpuBinaryOp { public readonly float Apply(float a, float b) => a - b; }
public struct GpuMul : IGpuBinaryOp { public readonly float Apply(float a, float b) => a * b; }
public struct GpuDiv : IGpuBinaryOp { public readonly float Apply(float a, float b) => a / b; }
/// <summary>NaN-propagating maximum (as MathF.Max and torch.maximum).</summary>
public struct GpuMaximum : IGpuBinaryOp { public readonly float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : (a > b ? a : b); }
/// <summary>NaN-propagating minimum (as MathF.Min and torch.minimum).</summary>
public struct GpuMinimum : IGpuBinaryOp { public readonly float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : (a < b ? a : b); }
public struct GpuGreaterThan : IGpuBinaryOp { public readonly float Apply(float a, float b) => a > b ? 1f : 0f; }
public struct GpuEqual : IGpuBinaryOp { public readonly float Apply(float a, float b) => a == b ? 1f : 0f; }

/// <summary>Float-only helpers for kernels where XMath would go through double.</summary>
public static class GpuMath
{
    /// <summary>
    /// x^y with MathF.Pow's special cases for the cases that occur: y = 0 gives 1; x &gt; 0 is exp(y log x);
    /// x = 0 gives 0 or +inf; a negative x needs an integer y (sign from its parity), else NaN.
    /// (XMath.Pow compares in double.)
    /// </summary>
    public static float Pow(float x, float y)
    {
        if (y == 0f) return 1f;
        if (float.IsNaN(x) || float.IsNaN(y)) return x + y;
        if (x > 0f) return XMath.Exp(y * XMath.Log(x));
        if (x == 0f) return y > 0f ? 0f : float.PositiveInfinity;
        if (XMath.Floor(y) != y) return float.NaN;
        float r = XMath.Exp(y * XMath.Log(-x));
        return XMath.Floor(y * 0.5f) * 2f != y ? -r : r;
    }
}
