using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

// One struct per binary op; the scalar Invoke is the definition.

internal struct AddKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => a + b;
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a + b;
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a + b;
}

internal struct SubKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => a - b;
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a - b;
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a - b;
}

internal struct MulKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => a * b;
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a * b;
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a * b;
}

internal struct DivKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => a / b;
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a / b;
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a / b;
}

/// <summary>max(a, b), NaN if either is NaN (as torch.maximum).</summary>
internal struct MaximumKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => MathF.Max(a, b);
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
}

/// <summary>min(a, b), NaN if either is NaN (as torch.minimum).</summary>
internal struct MinimumKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => MathF.Min(a, b);
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
}

internal struct GreaterThanKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => a > b ? 1f : 0f;
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b) & Vector128<float>.One;
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b) & Vector256<float>.One;
}

internal struct EqualKernel : IBinaryKernel
{
    public readonly float Invoke(float a, float b) => a == b ? 1f : 0f;
    public readonly Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => Vector128.Equals(a, b) & Vector128<float>.One;
    public readonly Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b) & Vector256<float>.One;
}
