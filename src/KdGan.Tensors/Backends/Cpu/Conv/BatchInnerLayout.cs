namespace KdGan.Tensors.Backends.Cpu;

/// <summary>
/// Moves tensors between the NCHW layout and the batch-innermost layouts of the convolution kernels, where the N
/// values of one (channel, pixel) are contiguous: then the patch element of every image for one kernel tap is one
/// contiguous run, and a GEMM panel of consecutive (pixel, image) columns is a few block copies.
/// Parallel over channels; each element is written by one thread.
/// </summary>
internal static unsafe class BatchInnerLayout
{
    /// <summary>x [N, C, H, W] -> xt [C, H + 2p, W + 2p, N], the border zero.</summary>
    public static void PadInput(float* x, in ConvGeometry g, float* xt)
    {
        var geo = g;
        long plane = (long)geo.Hp * geo.Wp * geo.N;
        Parallelism.ForRanges(geo.C, 1, (c0, c1) =>
        {
            for (long c = c0; c < c1; c++)
            {
                float* dst = xt + c * plane;
                new Span<float>(dst, (int)plane).Clear();
                for (int n = 0; n < geo.N; n++)
                {
                    float* src = x + ((long)n * geo.C + c) * geo.H * geo.W;
                    for (int y = 0; y < geo.H; y++)
                    {
                        float* d = dst + ((long)(y + geo.Padding) * geo.Wp + geo.Padding) * geo.N + n;
                        float* s = src + (long)y * geo.W;
                        for (int xi = 0; xi < geo.W; xi++) d[(long)xi * geo.N] = s[xi];
                    }
                }
            }
        });
    }

    /// <summary>
    /// yt [O, L * N] (column l * N + n) -> y [N, O, L], adding bias[o] when given: y = yt + b, one float add, as
    /// the composed convolution adds its bias.
    /// </summary>
    public static void ToImages(float* yt, float* bias, in ConvGeometry g, float* y)
    {
        var geo = g;
        int l = geo.L, n = geo.N, o = geo.O;
        Parallelism.ForRanges(o, 1, (o0, o1) =>
        {
            for (long oc = o0; oc < o1; oc++)
            {
                float b = bias == null ? 0f : bias[oc];
                float* src = yt + oc * l * n;
                for (int img = 0; img < n; img++)
                {
                    float* d = y + ((long)img * o + oc) * l;
                    float* s = src + img;
                    if (bias == null) for (int p = 0; p < l; p++) d[p] = s[(long)p * n];
                    else for (int p = 0; p < l; p++) d[p] = s[(long)p * n] + b;
                }
            }
        });
    }
}
