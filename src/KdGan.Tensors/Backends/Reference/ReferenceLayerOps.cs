using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Backends.Reference;

/// <summary>The layer kernels as plain loops over logical indices: the spec the fused kernels are tested against.</summary>
public static class ReferenceLayerOps
{
    private static float At(Tensor x, params int[] i) => ReferenceOps.Get(x, i);

    public static float[] Im2Col(Tensor x, int kh, int kw, int stride, int pad)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
        var cols = new float[(long)n * c * kh * kw * oh * ow];
        int k = 0;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                        for (int oy = 0; oy < oh; oy++)
                            for (int ox = 0; ox < ow; ox++)
                            {
                                int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                                cols[k++] = iy >= 0 && iy < h && ix >= 0 && ix < w ? At(x, b, ch, iy, ix) : 0f;
                            }
        return cols;
    }

    /// <summary>dx[pixel] = sum of every column entry that Im2Col copied from that pixel.</summary>
    public static float[] Col2Im(float[] cols, Shape image, int kh, int kw, int stride, int pad)
    {
        int n = image[0], c = image[1], h = image[2], w = image[3];
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
        var dx = new double[image.NumElements];
        int k = 0;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                        for (int oy = 0; oy < oh; oy++)
                            for (int ox = 0; ox < ow; ox++)
                            {
                                int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) dx[((b * c + ch) * h + iy) * w + ix] += cols[k];
                                k++;
                            }
        return dx.Select(v => (float)v).ToArray();
    }

    /// <summary>
    /// Direct convolution in double: y[n, o, oy, ox] = b[o] + sum over (c, i, j) of w[o, c, i, j] x[n, c, oy*s - p + i, ox*s - p + j].
    /// </summary>
    public static float[] Conv2d(Tensor x, Tensor w, Tensor? b, int stride, int pad)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3], o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (wd + 2 * pad - kw) / stride + 1;
        var y = new float[(long)n * o * oh * ow];
        int q = 0;
        for (int img = 0; img < n; img++)
            for (int oc = 0; oc < o; oc++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = b is null ? 0 : At(b, oc);
                        for (int ch = 0; ch < c; ch++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++)
                                {
                                    int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) sum += (double)At(w, oc, ch, i, j) * At(x, img, ch, iy, ix);
                                }
                        y[q++] = (float)sum;
                    }
        return y;
    }

    /// <summary>
    /// The gradients of <see cref="Conv2d"/> in double, straight from the definition: every (image, output
    /// channel, output pixel, tap) term dy * w goes to dx at the tap's input pixel and dy * x to dw.
    /// </summary>
    public static (float[] Dx, float[] Dw) Conv2dBackward(Tensor dy, Tensor x, Tensor w, int stride, int pad)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3], o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        int oh = dy.Shape[2], ow = dy.Shape[3];
        var dx = new double[(long)n * c * h * wd];
        var dw = new double[(long)o * c * kh * kw];
        for (int img = 0; img < n; img++)
            for (int oc = 0; oc < o; oc++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double g = At(dy, img, oc, oy, ox);
                        for (int ch = 0; ch < c; ch++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++)
                                {
                                    int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    dx[((long)(img * c + ch) * h + iy) * wd + ix] += g * At(w, oc, ch, i, j);
                                    dw[((long)(oc * c + ch) * kh + i) * kw + j] += g * At(x, img, ch, iy, ix);
                                }
                    }
        return (dx.Select(v => (float)v).ToArray(), dw.Select(v => (float)v).ToArray());
    }

    /// <summary>Max (or mean over k*k) of each window; for max also the flat index of the first maximum (a NaN wins over numbers, as in PyTorch).</summary>
    public static (float[] Values, float[] ArgMax) Pool2d(Tensor x, int k, int stride, int pad, bool max)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        var values = new List<float>();
        var arg = new List<float>();
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = 0;
                        float best = float.NegativeInfinity;
                        int bestAt = -1;
                        for (int i = 0; i < k; i++)
                            for (int j = 0; j < k; j++)
                            {
                                int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                float v = At(x, b, ch, iy, ix);
                                sum += v;
                                if (bestAt < 0 || v > best || (float.IsNaN(v) && !float.IsNaN(best))) { best = v; bestAt = iy * w + ix; }
                            }
                        values.Add(max ? best : (float)(sum / (k * k)));
                        arg.Add(bestAt);
                    }
        return ([.. values], [.. arg]);
    }
}
