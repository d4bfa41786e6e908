using System.Runtime.Intrinsics;

namespace KdGan.Tensors.Backends.Cpu;

/// <summary>A unary elementwise op, written once for each vector width. The scalar form is the spec.</summary>
internal interface IUnaryKernel
{
    /// <summary>False when only the scalar form is exact enough (e.g. a general power).</summary>
    bool Vectorizable { get; }
    float Invoke(float x);
    Vector128<float> Invoke(Vector128<float> x);
    Vector256<float> Invoke(Vector256<float> x);
}

/// <summary>A binary elementwise op, written once for each vector width.</summary>
internal interface IBinaryKernel
{
    float Invoke(float a, float b);
    Vector128<float> Invoke(Vector128<float> a, Vector128<float> b);
    Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
}

/// <summary>
/// The strided loops every elementwise op runs through: a Vector256 loop, then Vector128, then a scalar
/// tail, along a run of elements. Vector loops apply only to unit strides (a stride of 0 broadcasts
/// a scalar); anything else takes the scalar loop.
/// </summary>
internal static unsafe class ElementwiseLoops
{
    public static void Unary<TOp>(TOp op, float* x, long sx, float* y, long sy, long n, SimdLevel level)
        where TOp : struct, IUnaryKernel
    {
        long i = 0;
        if (sx == 1 && sy == 1 && op.Vectorizable)
        {
            if (level >= SimdLevel.Vector256)
                for (; i <= n - 8; i += 8) op.Invoke(Vector256.Load(x + i)).Store(y + i);
            if (level >= SimdLevel.Vector128)
                for (; i <= n - 4; i += 4) op.Invoke(Vector128.Load(x + i)).Store(y + i);
        }
        for (; i < n; i++) y[i * sy] = op.Invoke(x[i * sx]);
    }

    public static void Binary<TOp>(TOp op, float* a, long sa, float* b, long sb, float* y, long sy, long n, SimdLevel level)
        where TOp : struct, IBinaryKernel
    {
        long i = 0;
        if (sy == 1 && level >= SimdLevel.Vector128)
        {
            if (sa == 1 && sb == 1)
            {
                if (level >= SimdLevel.Vector256)
                    for (; i <= n - 8; i += 8) op.Invoke(Vector256.Load(a + i), Vector256.Load(b + i)).Store(y + i);
                for (; i <= n - 4; i += 4) op.Invoke(Vector128.Load(a + i), Vector128.Load(b + i)).Store(y + i);
            }
            else if (sa == 1 && sb == 0)
            {
                var b8 = Vector256.Create(*b);
                var b4 = Vector128.Create(*b);
                if (level >= SimdLevel.Vector256)
                    for (; i <= n - 8; i += 8) op.Invoke(Vector256.Load(a + i), b8).Store(y + i);
                for (; i <= n - 4; i += 4) op.Invoke(Vector128.Load(a + i), b4).Store(y + i);
            }
            else if (sa == 0 && sb == 1)
            {
                var a8 = Vector256.Create(*a);
                var a4 = Vector128.Create(*a);
                if (level >= SimdLevel.Vector256)
                    for (; i <= n - 8; i += 8) op.Invoke(a8, Vector256.Load(b + i)).Store(y + i);
                for (; i <= n - 4; i += 4) op.Invoke(a4, Vector128.Load(b + i)).Store(y + i);
            }
        }
        for (; i < n; i++) y[i * sy] = op.Invoke(a[i * sa], b[i * sb]);
    }
}
