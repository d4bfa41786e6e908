using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

// One struct per unary op. The scalar Invoke is the definition; the vector forms compute the same
// function lane by lane (transcendentals to within a few ulps).

internal struct NegKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => -x;
    public readonly Vector128<float> Invoke(Vector128<float> x) => -x;
    public readonly Vector256<float> Invoke(Vector256<float> x) => -x;
}

internal struct AbsKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => MathF.Abs(x);
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);
}

internal struct ExpKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => MathF.Exp(x);
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128.Exp(x);
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256.Exp(x);
}

internal struct LogKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => MathF.Log(x);
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128.Log(x);
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256.Log(x);
}

internal struct SqrtKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => MathF.Sqrt(x);
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);
}

internal struct SquareKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => x * x;
    public readonly Vector128<float> Invoke(Vector128<float> x) => x * x;
    public readonly Vector256<float> Invoke(Vector256<float> x) => x * x;
}

internal struct ReciprocalKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => 1f / x;
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / x;
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / x;
}

internal struct ReluKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => x > 0f ? x : 0f;
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, Vector128<float>.Zero);
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero);
}

/// <summary>x if x &gt; 0 else slope * x.</summary>
internal struct LeakyReluKernel(float slope) : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => x > 0f ? x : slope * x;
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, x * slope);
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * slope);
}

/// <summary>sigma(x) = 1 / (1 + e^-x).</summary>
internal struct SigmoidKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => 1f / (1f + MathF.Exp(-x));
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));
}

/// <summary>tanh x; the vector forms use tanh x = 1 - 2 / (e^{2x} + 1), exact at both saturations.</summary>
internal struct TanhKernel : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => MathF.Tanh(x);
    public readonly Vector128<float> Invoke(Vector128<float> x) =>
        Vector128<float>.One - Vector128.Create(2f) / (Vector128.Exp(x + x) + Vector128<float>.One);
    public readonly Vector256<float> Invoke(Vector256<float> x) =>
        Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(x + x) + Vector256<float>.One);
}

internal struct AddScalarKernel(float alpha) : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => x + alpha;
    public readonly Vector128<float> Invoke(Vector128<float> x) => x + Vector128.Create(alpha);
    public readonly Vector256<float> Invoke(Vector256<float> x) => x + Vector256.Create(alpha);
}

internal struct MulScalarKernel(float alpha) : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => x * alpha;
    public readonly Vector128<float> Invoke(Vector128<float> x) => x * alpha;
    public readonly Vector256<float> Invoke(Vector256<float> x) => x * alpha;
}

/// <summary>x ^ alpha. Scalar only: a vector exp(alpha log x) is wrong for negative x with integer alpha.</summary>
internal struct PowScalarKernel(float alpha) : IUnaryKernel
{
    public readonly bool Vectorizable => false;
    public readonly float Invoke(float x) => MathF.Pow(x, alpha);
    public readonly Vector128<float> Invoke(Vector128<float> x) => throw new NotSupportedException();
    public readonly Vector256<float> Invoke(Vector256<float> x) => throw new NotSupportedException();
}

/// <summary>1 where x &gt; alpha else 0.</summary>
internal struct GreaterThanScalarKernel(float alpha) : IUnaryKernel
{
    public readonly bool Vectorizable => true;
    public readonly float Invoke(float x) => x > alpha ? 1f : 0f;
    public readonly Vector128<float> Invoke(Vector128<float> x) => Vector128.GreaterThan(x, Vector128.Create(alpha)) & Vector128<float>.One;
    public readonly Vector256<float> Invoke(Vector256<float> x) => Vector256.GreaterThan(x, Vector256.Create(alpha)) & Vector256<float>.One;
}
