namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// Moves tensors between the NCHW layout and the batch-innermost layouts of the convolution kernels, where the N
/// values of one (channel, pixel) are contiguous: then the patch element of every image for one kernel tap is one
/// contiguous run, and a GEMM panel of consecutive (pixel, image) columns is a few block copies.
/// Parallel over (image group, channel) or rows; each element is written by one thread.
/// </summary>
internal static unsafe class BatchInnerLayout
{
    /// <summary>
    /// x [N, C, H, W] -> xt [G, C, H + 2p, W + 2p, lanes], the border and the lanes past N zero: the images in
    /// groups of <paramref name="lanes"/> (G = ceil(N / lanes)); lanes = N gives the plain [C, Hp, Wp, N].
    /// </summary>
    public static void PadInput(float* x, in ConvGeometry g, int lanes, float* xt)
    {
        var geo = g;
        long plane = (long)geo.Hp * geo.Wp * lanes;
        int groups = (geo.N + lanes - 1) / lanes;
        Parallelism.ForRanges((long)groups * geo.C, 1, (q0, q1) =>
        {
            for (long q = q0; q < q1; q++)
            {
                int grp = (int)(q / geo.C), c = (int)(q % geo.C);
                float* dst = xt + q * plane;
                ClearOutsideImages(dst, geo, lanes, fullGroup: (grp + 1) * lanes <= geo.N);
                for (int n = grp * lanes; n < Math.Min(geo.N, (grp + 1) * lanes); n++)
                {
                    float* src = x + ((long)n * geo.C + c) * geo.H * geo.W;
                    for (int y = 0; y < geo.H; y++)
                    {
                        float* d = dst + ((long)(y + geo.Padding) * geo.Wp + geo.Padding) * lanes + n - grp * lanes;
                        float* s = src + (long)y * geo.W;
                        for (int xi = 0; xi < geo.W; xi++) d[(long)xi * lanes] = s[xi];
                    }
                }
            }
        });
    }

    /// <summary>
    /// Zeroes what the images of one padded plane [Hp, Wp, lanes] will not overwrite: the padding rows and columns, or
    /// the whole plane when the group has fewer images than lanes (the lanes past N stay zero).
    /// </summary>
    private static void ClearOutsideImages(float* plane, in ConvGeometry g, int lanes, bool fullGroup)
    {
        long row = (long)g.Wp * lanes, side = (long)g.Padding * lanes;
        if (!fullGroup || g.Padding == 0)
        {
            if (!fullGroup) new Span<float>(plane, checked((int)(g.Hp * row))).Clear();
            return;
        }
        new Span<float>(plane, checked((int)(g.Padding * row))).Clear();
        new Span<float>(plane + (g.Hp - g.Padding) * row, checked((int)(g.Padding * row))).Clear();
        for (int y = g.Padding; y < g.Hp - g.Padding; y++)
        {
            new Span<float>(plane + y * row, (int)side).Clear();
            new Span<float>(plane + y * row + row - side, (int)side).Clear();
        }
    }

    /// <summary>
    /// src [R, P, N] -> dst [N, R, P] (e.g. the GEMM's yt [O, L * N] -> y [N, O, L]), adding bias[r] when given:
    /// dst = src + b, one float add, as the composed convolution adds its bias.
    /// </summary>
    public static void FromBatchInner(float* src, float* bias, int rows, int pixels, int batch, float* dst)
    {
        Parallelism.ForRanges(rows, 1, (r0, r1) =>
        {
            for (long r = r0; r < r1; r++)
            {
                float b = bias == null ? 0f : bias[r];
                float* from = src + r * pixels * batch;
                for (int img = 0; img < batch; img++)
                {
                    float* d = dst + ((long)img * rows + r) * pixels;
                    float* s = from + img;
                    if (bias == null) for (int p = 0; p < pixels; p++) d[p] = s[(long)p * batch];
                    else for (int p = 0; p < pixels; p++) d[p] = s[(long)p * batch] + b;
                }
            }
        });
    }

    /// <summary>
    /// src [N, R, P] -> dst [G, R, P, lanes] (e.g. the output gradient dy [N, O, L] -> gt), the lanes past N zero;
    /// lanes = N gives the plain [R, P, N].
    /// </summary>
    public static void ToBatchInner(float* src, int rows, int pixels, int batch, int lanes, float* dst)
    {
        int groups = (batch + lanes - 1) / lanes;
        long block = (long)pixels * lanes;
        Parallelism.ForRanges((long)groups * rows, 1, (q0, q1) =>
        {
            for (long q = q0; q < q1; q++)
            {
                int grp = (int)(q / rows), r = (int)(q % rows);
                float* to = dst + q * block;
                if ((grp + 1) * lanes > batch) new Span<float>(to, (int)block).Clear();
                for (int img = grp * lanes; img < Math.Min(batch, (grp + 1) * lanes); img++)
                {
                    float* s = src + ((long)img * rows + r) * pixels;
                    float* d = to + img - grp * lanes;
                    for (int p = 0; p < pixels; p++) d[(long)p * lanes] = s[p];
                }
            }
        });
    }
}
