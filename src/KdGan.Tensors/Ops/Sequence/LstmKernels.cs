using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// Where the operands of an LSTM cell kernel live: hidden size H, and for each [B, X] matrix its base offset
/// and row stride (columns are unit stride, rows may be strided: one time step of a [B, T, X] buffer).
/// Optional operands (gatesX and bias forward, dh and dc backward) have a flag; when it is 0 the kernel never
/// reads them (the host passes some other valid view in their place).
/// </summary>
public struct LstmArgs
{
    public int Hidden;
    /// <summary>1 when the operand is present.</summary>
    public int HasX, HasBias, HasDh, HasDc;
    /// <summary>
    /// Forward: gates (G), gatesX (X), bias (B, contiguous [4H]), cPrev (P), activations (A), c (C), h (O).
    /// Backward: activations (A), cPrev (P), c (C), dh (X), dc (B), dGates (G), dcPrev (O).
    /// </summary>
    public int GOff, GStride, XOff, XStride, BOff, BStride, POff, PStride, AOff, AStride, COff, CStride, OOff, OStride;
}

/// <summary>
/// The pointwise part of an LSTM step, forward and backward: the GPU twins of Lstm.Cpu.cs beside this file, with
/// ReferenceSequenceOps.LstmCell / LstmCellBackward the spec. One thread per hidden unit (row r, column j) of
/// [B, H]; a gate row is i | f | g | o, each H wide, so the thread reads columns j, H + j, 2H + j, 3H + j
/// (consecutive threads read consecutive columns: coalesced). The formulas and the order of every operation
/// are the CPU scalar loop's; sigmoid and tanh are the GPU unary ops' (<see cref="GpuSigmoid"/>, <see cref="GpuTanh"/>).
/// </summary>
public static class LstmKernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sigmoid(float x) => 1f / (1f + XMath.Exp(-x));

    /// <summary>
    /// z = gates (+ gatesX) (+ bias); i, f, o = sigma(z_i, z_f, z_o), g = tanh(z_g); c = f cPrev + i g; h = o tanh(c).
    /// Writes the activated gates, c and h.
    /// </summary>
    public static void Forward(Index1D index, ArrayView<float> gates, ArrayView<float> gatesX, ArrayView<float> bias,
        ArrayView<float> cPrev, ArrayView<float> act, ArrayView<float> c, ArrayView<float> h, LstmArgs a)
    {
        int w = index;
        int n = a.Hidden;
        int r = w / n, j = w % n;
        int z = a.GOff + r * a.GStride + j;
        float zi = gates[z], zf = gates[z + n], zg = gates[z + 2 * n], zo = gates[z + 3 * n];
        if (a.HasX != 0)
        {
            int x = a.XOff + r * a.XStride + j;
            zi += gatesX[x]; zf += gatesX[x + n]; zg += gatesX[x + 2 * n]; zo += gatesX[x + 3 * n];
        }
        if (a.HasBias != 0)
        {
            int b = a.BOff + j;
            zi += bias[b]; zf += bias[b + n]; zg += bias[b + 2 * n]; zo += bias[b + 3 * n];
        }
        float i = Sigmoid(zi), f = Sigmoid(zf), g = XMath.Tanh(zg), o = Sigmoid(zo);
        float cn = f * cPrev[a.POff + r * a.PStride + j] + i * g;
        int q = a.AOff + r * a.AStride + j;
        act[q] = i; act[q + n] = f; act[q + 2 * n] = g; act[q + 3 * n] = o;
        c[a.COff + r * a.CStride + j] = cn;
        h[a.OOff + r * a.OStride + j] = o * XMath.Tanh(cn);
    }

    /// <summary>
    /// dC = dc + dh o (1 - tanh^2 c); dz = (dC g i(1-i), dC cPrev f(1-f), dC i (1-g^2), dh tanh(c) o(1-o));
    /// dcPrev = dC f. dh / dc absent count as zero.
    /// </summary>
    public static void Backward(Index1D index, ArrayView<float> act, ArrayView<float> cPrev, ArrayView<float> c,
        ArrayView<float> dh, ArrayView<float> dc, ArrayView<float> dz, ArrayView<float> dcPrev, LstmArgs a)
    {
        int w = index;
        int n = a.Hidden;
        int r = w / n, j = w % n;
        int q = a.AOff + r * a.AStride + j;
        float i = act[q], f = act[q + n], g = act[q + 2 * n], o = act[q + 3 * n];
        float tc = XMath.Tanh(c[a.COff + r * a.CStride + j]);
        float gh = a.HasDh != 0 ? dh[a.XOff + r * a.XStride + j] : 0f;
        float gc = a.HasDc != 0 ? dc[a.BOff + r * a.BStride + j] : 0f;
        float dC = gc + gh * o * (1f - tc * tc);
        int z = a.GOff + r * a.GStride + j;
        dz[z] = dC * g * i * (1f - i);
        dz[z + n] = dC * cPrev[a.POff + r * a.PStride + j] * f * (1f - f);
        dz[z + 2 * n] = dC * i * (1f - g * g);
        dz[z + 3 * n] = gh * tc * o * (1f - o);
        dcPrev[a.OOff + r * a.OStride + j] = dC * f;
    }
}
