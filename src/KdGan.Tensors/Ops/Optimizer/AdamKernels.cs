using ILGPU;
using ILGPU.Algorithms;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>Offsets of the four operands of the fused Adam step, and its coefficients (kernel parameter).</summary>
public struct AdamArgs
{
    public int POffset, GOffset, MOffset, VOffset;
    public float Beta1, Beta2, Eps, StepSize, InvSqrtBias2;
}

/// <summary>The GPU twin of Adam.Cpu.cs beside this file: one thread per element, the same float operations in the same order.</summary>
public static class AdamKernels
{
    public static void Step(Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, AdamArgs a)
    {
        float gi = g[a.GOffset + i];
        float mi = m[a.MOffset + i];
        mi = mi + (gi - mi) * (1 - a.Beta1);
        float vi = v[a.VOffset + i] * a.Beta2 + gi * gi * (1 - a.Beta2);
        float denom = XMath.Sqrt(vi) * a.InvSqrtBias2 + a.Eps;
        m[a.MOffset + i] = mi;
        v[a.VOffset + i] = vi;
        p[a.POffset + i] = p[a.POffset + i] - mi / denom * a.StepSize;
    }
}
