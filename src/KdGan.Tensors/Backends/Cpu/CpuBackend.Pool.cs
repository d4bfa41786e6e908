namespace KdGan.Tensors.Backends.Cpu;

// 2-D pooling, parallel over (image, channel) planes. Backward passes scatter within one plane on one
// thread, so overlapping windows accumulate in a fixed order.
public sealed unsafe partial class CpuBackend
{
    public void MaxPool2d(Tensor x, int k, int stride, int padding, Tensor y, Tensor argmax)
    {
        var level = BeginOp();
        using var xc = x.Contiguous();
        int h = x.Shape[2], w = x.Shape[3], oh = y.Shape[2], ow = y.Shape[3];
        long planes = (long)x.Shape[0] * x.Shape[1];
        float* px = Ptr(xc) + xc.Offset, py = Ptr(y) + y.Offset, pa = Ptr(argmax) + argmax.Offset;
        Parallelism.ForRanges(planes, Math.Max(1, (1 << 13) / Math.Max(1, (long)h * w)), (s, e) =>
        {
            for (long p = s; p < e; p++)
            {
                float* src = px + p * h * w;
                float* dst = py + p * oh * ow;
                float* idx = pa + p * oh * ow;
                if (k == 2 && stride == 2 && padding == 0)
                {
                    MaxPool2x2(src, w, oh, ow, dst, idx, level);
                    continue;
                }
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float best = float.NegativeInfinity;
                        int bestAt = -1;
                        for (int i = 0; i < k; i++)
                        {
                            int iy = oy * stride - padding + i;
                            if ((uint)iy >= (uint)h) continue;
                            for (int j = 0; j < k; j++)
                            {
                                int ix = ox * stride - padding + j;
                                if ((uint)ix >= (uint)w) continue;
                                float v = src[iy * w + ix];
                                if (v > best || bestAt < 0 || (float.IsNaN(v) && !float.IsNaN(best))) { best = v; bestAt = iy * w + ix; }
                            }
                        }
                        dst[oy * ow + ox] = best;
                        idx[oy * ow + ox] = bestAt;
                    }
            }
        });
    }

    public void MaxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx)
    {
        BeginOp();
        using var dyc = dy.Contiguous();
        int h = dx.Shape[2], w = dx.Shape[3], oh = dy.Shape[2], ow = dy.Shape[3];
        long planes = (long)dx.Shape[0] * dx.Shape[1];
        float* pg = Ptr(dyc) + dyc.Offset, pa = Ptr(argmax) + argmax.Offset, pd = Ptr(dx) + dx.Offset;
        Parallelism.ForRanges(planes, Math.Max(1, (1 << 13) / Math.Max(1, (long)h * w)), (s, e) =>
        {
            for (long p = s; p < e; p++)
            {
                float* dst = pd + p * h * w;
                new Span<float>(dst, h * w).Clear();
                float* g = pg + p * oh * ow, idx = pa + p * oh * ow;
                for (int o = 0; o < oh * ow; o++) dst[(int)idx[o]] += g[o];
            }
        });
    }

    public void AvgPool2d(Tensor x, int k, int stride, int padding, Tensor y)
    {
        BeginOp();
        using var xc = x.Contiguous();
        int h = x.Shape[2], w = x.Shape[3], oh = y.Shape[2], ow = y.Shape[3];
        long planes = (long)x.Shape[0] * x.Shape[1];
        float inv = 1f / (k * k);
        float* px = Ptr(xc) + xc.Offset, py = Ptr(y) + y.Offset;
        Parallelism.ForRanges(planes, Math.Max(1, (1 << 13) / Math.Max(1, (long)h * w)), (s, e) =>
        {
            for (long p = s; p < e; p++)
            {
                float* src = px + p * h * w;
                float* dst = py + p * oh * ow;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float sum = 0f;
                        for (int i = 0; i < k; i++)
                        {
                            int iy = oy * stride - padding + i;
                            if ((uint)iy >= (uint)h) continue;
                            for (int j = 0; j < k; j++)
                            {
                                int ix = ox * stride - padding + j;
                                if ((uint)ix < (uint)w) sum += src[iy * w + ix];
                            }
                        }
                        dst[oy * ow + ox] = sum * inv;
                    }
            }
        });
    }

    public void AvgPool2dBackward(Tensor dy, int k, int stride, int padding, Tensor dx)
    {
        BeginOp();
        using var dyc = dy.Contiguous();
        int h = dx.Shape[2], w = dx.Shape[3], oh = dy.Shape[2], ow = dy.Shape[3];
        long planes = (long)dx.Shape[0] * dx.Shape[1];
        float inv = 1f / (k * k);
        float* pg = Ptr(dyc) + dyc.Offset, pd = Ptr(dx) + dx.Offset;
        Parallelism.ForRanges(planes, Math.Max(1, (1 << 13) / Math.Max(1, (long)h * w)), (s, e) =>
        {
            for (long p = s; p < e; p++)
            {
                float* dst = pd + p * h * w;
                new Span<float>(dst, h * w).Clear();
                float* g = pg + p * oh * ow;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float share = g[oy * ow + ox] * inv;
                        for (int i = 0; i < k; i++)
                        {
                            int iy = oy * stride - padding + i;
                            if ((uint)iy >= (uint)h) continue;
                            for (int j = 0; j < k; j++)
                            {
                                int ix = ox * stride - padding + j;
                                if ((uint)ix < (uint)w) dst[iy * w + ix] += share;
                            }
                        }
                    }
            }
        });
    }
}
