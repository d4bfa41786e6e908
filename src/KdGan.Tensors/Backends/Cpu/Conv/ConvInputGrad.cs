using KdGan.Tensors.Backends.Cpu.Gemm;
namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// The input gradient of a convolution over the whole batch at once: dcols [K, L*N] = W^T [K, O] x G [O, L*N] as one
/// GEMM (G the output gradient with the images innermost, so W^T is packed once for every image), then col2im on
/// the batch-innermost layout, where each tap adds whole runs of N contiguous values.
/// <para>
/// Bits: the composition computes W^T x G_n per image (the same FMA chain over o per element, the same depth
/// slicing) and col2im adds the taps of each input pixel in (i, j) order onto zero; both steps are repeated
/// exactly, so dX has the composition's bits for any thread count. The rows are done a few channels at a time
/// so dcols stays a cache-sized block.
/// </para>
/// </summary>
internal static unsafe class ConvInputGrad
{
    /// <summary>Channels per GEMM block.</summary>
    private const int ChannelBlock = 8;

    /// <param name="gt">Output gradient [O, L * N] (column l * N + n).</param>
    /// <param name="w">Weight [O, K] row-major.</param>
    /// <param name="dxt">Input gradient [C, H, W, N], overwritten.</param>
    public static void Run(float* gt, float* w, in ConvGeometry g, float* dxt, SimdLevel level)
    {
        var geo = g;
        int taps = geo.KH * geo.KW;
        long cols = (long)geo.L * geo.N, plane = (long)geo.H * geo.W * geo.N;
        int blockChannels = Math.Min(ChannelBlock, geo.C);
        using var dcolsBuffer = new ScratchBuffer(blockChannels * taps * cols);
        float* dcols = dcolsBuffer.Ptr;
        var b = new StridedB(gt, cols, 1);
        for (int c0 = 0; c0 < geo.C; c0 += blockChannels)
        {
            int cn = Math.Min(blockChannels, geo.C - c0);
            // Rows (c, i, j) of W^T: element (k, o) is w[o * K + k].
            Sgemm.MultiplyPacked(cn * taps, checked((int)cols), geo.O, w + (long)c0 * taps, 1, geo.K, b,
                dcols, cols, accumulate: false, CpuThreads.Count);
            Parallelism.ForRanges(cn, 1, (s, e) =>
            {
                for (long ci = s; ci < e; ci++)
                    Col2Im(dcols + ci * taps * cols, geo, dxt + (c0 + ci) * plane, level);
            });
        }
    }

    /// <summary>One channel: dst [H, W, N] = sum over taps (i, j), in order, of the tap's columns src [(i, j), L * N].</summary>
    private static void Col2Im(float* src, in ConvGeometry g, float* dst, SimdLevel level)
    {
        int n = g.N, s = g.Stride, p = g.Padding;
        long cols = (long)g.L * n;
        new Span<float>(dst, checked((int)((long)g.H * g.W * n))).Clear();
        for (int i = 0; i < g.KH; i++)
            for (int j = 0; j < g.KW; j++)
            {
                float* row = src + (long)(i * g.KW + j) * cols;
                // Output columns ox whose tap lands inside the image: 0 <= ox*s - p + j < W.
                int lo = Math.Max(0, (p - j + s - 1) / s), hi = Math.Min(g.OW, (g.W + p - j + s - 1) / s);
                if (hi <= lo) continue;
                for (int oy = 0; oy < g.OH; oy++)
                {
                    int iy = oy * s - p + i;
                    if ((uint)iy >= (uint)g.H) continue;
                    float* line = dst + (long)iy * g.W * n;
                    float* from = row + (long)oy * g.OW * n;
                    if (s == 1)
                    {
                        // Consecutive ox land on consecutive pixels: one run of (hi - lo) * N values.
                        float* target = line + (long)(lo - p + j) * n;
                        ElementwiseLoops.Binary(new AddKernel(), target, 1, from + (long)lo * n, 1, target, 1, (long)(hi - lo) * n, level);
                    }
                    else
                        for (int ox = lo; ox < hi; ox++)
                        {
                            float* target = line + (long)(ox * s - p + j) * n;
                            ElementwiseLoops.Binary(new AddKernel(), target, 1, from + (long)ox * n, 1, target, 1, n, level);
                        }
                }
            }
    }
}
