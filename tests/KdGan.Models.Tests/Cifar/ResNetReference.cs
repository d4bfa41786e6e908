namespace KdGan.Models.Tests.Cifar;

/// <summary>
/// The CIFAR ResNet as plain loops in double precision, from the parameters by name (PyTorch's, as the module names
/// them): the spec the module is checked against. Batch norm uses the batch's statistics (training mode, biased
/// variance, eps 1e-5); the option-A shortcut takes every second pixel and pads the channels with zeros.
/// </summary>
public static class ResNetReference
{
    public sealed record Act(double[] V, int N, int C, int H, int W)
    {
        public double this[int n, int c, int y, int x] => V[((n * C + c) * H + y) * W + x];
    }

    public static double[] Logits(IReadOnlyDictionary<string, double[]> p, double[] x, int n, int depth)
    {
        int blocks = (depth - 2) / 6;
        int side = (int)Math.Round(Math.Sqrt(x.Length / n / 3.0));
        var h = Relu(BatchNorm(Conv(new Act(x, n, 3, side, side), p["0.weight"], 16, 1), p, "1"));
        int layer = 3;
        foreach (int width in new[] { 16, 32, 64 })
            for (int b = 0; b < blocks; b++, layer++)
            {
                int stride = b == 0 && width != 16 ? 2 : 1;
                string k = layer.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var a = Relu(BatchNorm(Conv(h, p[k + ".conv1.weight"], width, stride), p, k + ".bn1"));
                var e = BatchNorm(Conv(a, p[k + ".conv2.weight"], width, 1), p, k + ".bn2");
                var s = stride == 1 ? h : Shortcut(h, width);
                h = Relu(e with { V = e.V.Zip(s.V, (u, v) => u + v).ToArray() });
            }
        var fc = p[$"{layer + 1}.weight"];
        var bias = p[$"{layer + 1}.bias"];
        var logits = new double[n * 10];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < 10; o++)
            {
                double z = bias[o];
                for (int c = 0; c < 64; c++)
                {
                    double mean = 0;
                    for (int y = 0; y < h.H; y++)
                        for (int xx = 0; xx < h.W; xx++) mean += h[i, c, y, xx];
                    z += fc[o * 64 + c] * mean / (h.H * h.W);
                }
                logits[i * 10 + o] = z;
            }
        return logits;
    }

    /// <summary>3x3 convolution, padding 1, no bias.</summary>
    private static Act Conv(Act a, double[] w, int outC, int stride)
    {
        int oh = (a.H + 2 - 3) / stride + 1, ow = (a.W + 2 - 3) / stride + 1;
        var v = new double[a.N * outC * oh * ow];
        for (int n = 0; n < a.N; n++)
            for (int o = 0; o < outC; o++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++)
                    {
                        double s = 0;
                        for (int c = 0; c < a.C; c++)
                            for (int ky = 0; ky < 3; ky++)
                                for (int kx = 0; kx < 3; kx++)
                                {
                                    int iy = y * stride + ky - 1, ix = x * stride + kx - 1;
                                    if (iy >= 0 && iy < a.H && ix >= 0 && ix < a.W) s += w[((o * a.C + c) * 3 + ky) * 3 + kx] * a[n, c, iy, ix];
                                }
                        v[((n * outC + o) * oh + y) * ow + x] = s;
                    }
        return new Act(v, a.N, outC, oh, ow);
    }

    private static Act BatchNorm(Act a, IReadOnlyDictionary<string, double[]> p, string name)
    {
        var (gamma, beta) = (p[name + ".weight"], p[name + ".bias"]);
        var v = new double[a.V.Length];
        int count = a.N * a.H * a.W;
        for (int c = 0; c < a.C; c++)
        {
            double mean = 0, var_ = 0;
            for (int n = 0; n < a.N; n++) for (int y = 0; y < a.H; y++) for (int x = 0; x < a.W; x++) mean += a[n, c, y, x];
            mean /= count;
            for (int n = 0; n < a.N; n++) for (int y = 0; y < a.H; y++) for (int x = 0; x < a.W; x++) var_ += (a[n, c, y, x] - mean) * (a[n, c, y, x] - mean);
            var_ /= count;
            for (int n = 0; n < a.N; n++)
                for (int y = 0; y < a.H; y++)
                    for (int x = 0; x < a.W; x++)
                        v[((n * a.C + c) * a.H + y) * a.W + x] = gamma[c] * (a[n, c, y, x] - mean) / Math.Sqrt(var_ + 1e-5) + beta[c];
        }
        return a with { V = v };
    }

    private static Act Relu(Act a) => a with { V = a.V.Select(v => Math.Max(0, v)).ToArray() };

    private static Act Shortcut(Act a, int outC)
    {
        int oh = (a.H + 1) / 2, ow = (a.W + 1) / 2;
        var v = new double[a.N * outC * oh * ow];
        for (int n = 0; n < a.N; n++)
            for (int c = 0; c < a.C; c++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) v[((n * outC + c) * oh + y) * ow + x] = a[n, c, 2 * y, 2 * x];
        return new Act(v, a.N, outC, oh, ow);
    }
}
