using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// One register of floats, so that a loop body with several streams can be written once and run at every
/// vector width: <see cref="Lanes256"/>, <see cref="Lanes128"/>, and <see cref="Lanes1"/>, the scalar tail and the
/// spec. The operators are the vector types' own, so a body computes the same lane by lane at every width, and
/// the JIT keeps the one-field structs in registers. Sigmoid and tanh are <see cref="SigmoidKernel"/> and
/// <see cref="TanhKernel"/> at that width. (.NET's own <c>ISimdVector</c> is not public.)
/// </summary>
internal unsafe interface IFloatLanes<TSelf> where TSelf : struct, IFloatLanes<TSelf>
{
    /// <summary>Floats per register.</summary>
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf One { get; }
    static abstract TSelf Load(float* p);
    void Store(float* p);
    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    TSelf Sigmoid();
    TSelf Tanh();
}

internal readonly unsafe struct Lanes1(float v) : IFloatLanes<Lanes1>
{
    private readonly float _v = v;
    public static int Count => 1;
    public static Lanes1 Zero => new(0f);
    public static Lanes1 One => new(1f);
    public static Lanes1 Load(float* p) => new(*p);
    public void Store(float* p) => *p = _v;
    public static Lanes1 operator +(Lanes1 a, Lanes1 b) => new(a._v + b._v);
    public static Lanes1 operator -(Lanes1 a, Lanes1 b) => new(a._v - b._v);
    public static Lanes1 operator *(Lanes1 a, Lanes1 b) => new(a._v * b._v);
    public Lanes1 Sigmoid() => new(default(SigmoidKernel).Invoke(_v));
    public Lanes1 Tanh() => new(default(TanhKernel).Invoke(_v));
}

internal readonly unsafe struct Lanes128(Vector128<float> v) : IFloatLanes<Lanes128>
{
    private readonly Vector128<float> _v = v;
    public static int Count => Vector128<float>.Count;
    public static Lanes128 Zero => new(Vector128<float>.Zero);
    public static Lanes128 One => new(Vector128<float>.One);
    public static Lanes128 Load(float* p) => new(Vector128.Load(p));
    public void Store(float* p) => _v.Store(p);
    public static Lanes128 operator +(Lanes128 a, Lanes128 b) => new(a._v + b._v);
    public static Lanes128 operator -(Lanes128 a, Lanes128 b) => new(a._v - b._v);
    public static Lanes128 operator *(Lanes128 a, Lanes128 b) => new(a._v * b._v);
    public Lanes128 Sigmoid() => new(default(SigmoidKernel).Invoke(_v));
    public Lanes128 Tanh() => new(default(TanhKernel).Invoke(_v));
}

internal readonly unsafe struct Lanes256(Vector256<float> v) : IFloatLanes<Lanes256>
{
    private readonly Vector256<float> _v = v;
    public static int Count => Vector256<float>.Count;
    public static Lanes256 Zero => new(Vector256<float>.Zero);
    public static Lanes256 One => new(Vector256<float>.One);
    public static Lanes256 Load(float* p) => new(Vector256.Load(p));
    public void Store(float* p) => _v.Store(p);
    public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a._v + b._v);
    public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a._v - b._v);
    public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a._v * b._v);
    public Lanes256 Sigmoid() => new(default(SigmoidKernel).Invoke(_v));
    public Lanes256 Tanh() => new(default(TanhKernel).Invoke(_v));
}
