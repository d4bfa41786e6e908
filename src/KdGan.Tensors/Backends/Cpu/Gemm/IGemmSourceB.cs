namespace KdGan.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Where the GEMM's B operand comes from: something that can write the kc x nc block at (p0, j0) as NR-wide panels
/// (the layout of <see cref="GemmPacking.PackB"/>). A strided matrix is one source; convolution patches read
/// straight from the image are another, so the patch matrix is never materialised.
/// </summary>
internal unsafe interface IGemmSourceB
{
    /// <summary>Packs rows [p0, p0 + kc) x columns [j0, j0 + nc) into ceil(nc / nr) panels, zero past nc.</summary>
    void Pack(int p0, int kc, int j0, int nc, int nr, float* dst);
}

/// <summary>A B matrix in memory: element (p, j) at b[p * rowStride + j * colStride].</summary>
internal readonly unsafe struct StridedB(float* b, long rowStride, long colStride) : IGemmSourceB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst) =>
        GemmPacking.PackB(kc, nc, b + p0 * rowStride + j0 * colStride, rowStride, colStride, nr, dst);
}
