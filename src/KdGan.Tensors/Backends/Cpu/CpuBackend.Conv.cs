namespace KdGan.Tensors.Backends.Cpu;

// im2col / col2im: a convolution becomes one GEMM per image (W [O, C*KH*KW] x cols [C*KH*KW, OH*OW]).
// Parallel over (image, channel) planes; col2im accumulates each plane on one thread in a fixed order.
public sealed unsafe partial class CpuBackend : ILayerKernels
{
    public void Im2Col(Tensor x, int kh, int kw, int stride, int padding, Tensor cols)
    {
        BeginOp();
        using var xc = x.Contiguous();
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        float* px = Ptr(xc) + xc.Offset, pc = Ptr(cols) + cols.Offset;
        long planeIn = (long)h * w, planeOut = (long)kh * kw * oh * ow;
        Parallelism.ForRanges((long)n * c, Math.Max(1, (1 << 14) / Math.Max(1, planeOut)), (s, e) =>
        {
            for (long nc = s; nc < e; nc++)
            {
                float* src = px + nc * planeIn;
                float* dst = pc + nc * planeOut; // rows (c*KH + i)*KW + j of image n are contiguous per channel
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                    {
                        float* row = dst + (long)(i * kw + j) * oh * ow;
                        for (int oy = 0; oy < oh; oy++)
                        {
                            int iy = oy * stride - padding + i;
                            float* o = row + (long)oy * ow;
                            if ((uint)iy >= (uint)h) { new Span<float>(o, ow).Clear(); continue; }
                            float* line = src + (long)iy * w;
                            // valid ox: 0 <= ox*stride - pad + j < w
                            int lo = Math.Max(0, (padding - j + stride - 1) / stride);
                            int hi = Math.Min(ow, (w + padding - j + stride - 1) / stride);
                            if (hi < lo) hi = lo;
                            for (int ox = 0; ox < lo; ox++) o[ox] = 0f;
                            if (stride == 1)
                                new ReadOnlySpan<float>(line + lo - padding + j, hi - lo).CopyTo(new Span<float>(o + lo, hi - lo));
                            else
                                for (int ox = lo; ox < hi; ox++) o[ox] = line[ox * stride - padding + j];
                            for (int ox = hi; ox < ow; ox++) o[ox] = 0f;
                        }
                    }
            }
        });
    }

    public void Col2Im(Tensor cols, int kh, int kw, int stride, int padding, Tensor dx)
    {
        var level = BeginOp();
        using var cc = cols.Contiguous();
        int n = dx.Shape[0], c = dx.Shape[1], h = dx.Shape[2], w = dx.Shape[3];
        int oh = (h + 2 * padding - kh) / stride + 1, ow = (w + 2 * padding - kw) / stride + 1;
        float* pc = Ptr(cc) + cc.Offset, pd = Ptr(dx) + dx.Offset;
        long planeIn = (long)h * w, planeOut = (long)kh * kw * oh * ow;
        Parallelism.ForRanges((long)n * c, Math.Max(1, (1 << 14) / Math.Max(1, planeOut)), (s, e) =>
        {
            for (long nc = s; nc < e; nc++)
            {
                float* dst = pd + nc * planeIn;
                float* src = pc + nc * planeOut;
                new Span<float>(dst, (int)planeIn).Clear();
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                    {
                        float* row = src + (long)(i * kw + j) * oh * ow;
                        for (int oy = 0; oy < oh; oy++)
                        {
                            int iy = oy * stride - padding + i;
                            if ((uint)iy >= (uint)h) continue;
                            float* line = dst + (long)iy * w;
                            float* o = row + (long)oy * ow;
                            int lo = Math.Max(0, (padding - j + stride - 1) / stride);
                            int hi = Math.Min(ow, (w + padding - j + stride - 1) / stride);
                            if (stride == 1 && hi > lo)
                            {
                                float* target = line + lo - padding + j;
                                ElementwiseLoops.Binary(new AddKernel(), target, 1, o + lo, 1, target, 1, hi - lo, level);
                            }
                            else
                                for (int ox = lo; ox < hi; ox++) line[ox * stride - padding + j] += o[ox];
                        }
                    }
            }
        });
    }
}
