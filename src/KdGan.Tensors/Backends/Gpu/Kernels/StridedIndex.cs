using System.Runtime.CompilerServices;

namespace KdGan.Tensors.Backends.Gpu.Kernels;

/// <summary>
/// The iteration space of a kernel over strided views: up to six axes after coalescing (see
/// <see cref="GpuLayout"/>), stored innermost first. <see cref="Rank"/> 0 marks the dense case, where every
/// operand is contiguous and element <c>i</c> sits at <c>Offset + i</c>: no index arithmetic at all.
/// Plain fields, no arrays: kernel parameters must be flat unmanaged structs.
/// </summary>
public struct Dims6
{
    public int Rank;
    public int N0, N1, N2, N3, N4, N5;
}

/// <summary>One operand's element strides for the axes of a <see cref="Dims6"/> (innermost first) and its base offset.</summary>
public struct Strides6
{
    public int Offset;
    public int S0, S1, S2, S3, S4, S5;
}

/// <summary>A linear (row-major) position split into coordinates of a <see cref="Dims6"/>, innermost first.</summary>
public struct Coords6
{
    public int I0, I1, I2, I3, I4, I5;

    /// <summary>Splits <paramref name="linear"/>; axes beyond the rank stay 0. Integer division only where the rank needs it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Coords6 Split(int linear, Dims6 d)
    {
        var c = new Coords6();
        if (d.Rank <= 1) { c.I0 = linear; return c; }
        c.I0 = linear % d.N0; linear /= d.N0;
        if (d.Rank == 2) { c.I1 = linear; return c; }
        c.I1 = linear % d.N1; linear /= d.N1;
        if (d.Rank == 3) { c.I2 = linear; return c; }
        c.I2 = linear % d.N2; linear /= d.N2;
        if (d.Rank == 4) { c.I3 = linear; return c; }
        c.I3 = linear % d.N3; linear /= d.N3;
        if (d.Rank == 5) { c.I4 = linear; return c; }
        c.I4 = linear % d.N4; linear /= d.N4;
        c.I5 = linear;
        return c;
    }

    /// <summary>The storage offset of these coordinates in an operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int At(Strides6 s) =>
        s.Offset + I0 * s.S0 + I1 * s.S1 + I2 * s.S2 + I3 * s.S3 + I4 * s.S4 + I5 * s.S5;
}
