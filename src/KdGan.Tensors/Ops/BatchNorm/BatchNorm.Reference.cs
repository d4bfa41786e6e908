namespace KdGan.Tensors.Backends.Reference;

/// <summary>
/// Training-mode batch norm as plain double-precision loops over x read as [N, C, S] (<see cref="BatchNormOps.Dims"/>):
/// the spec the fused kernels of <see cref="IBatchNormKernels"/> are tested against.
/// </summary>
public static class ReferenceBatchNorm
{
    public static (float[] Y, float[] Mean, float[] Variance) Forward(Tensor x, Tensor gamma, Tensor beta, float eps)
    {
        var (n, c, s) = BatchNormOps.Dims(x.Shape);
        float[] xs = x.ToArray(), g = gamma.ToArray(), b = beta.ToArray();
        var y = new float[xs.Length];
        var mean = new float[c];
        var variance = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            var (mu, v) = Moments(xs, n, c, s, ch);
            double r = 1 / Math.Sqrt(v + eps);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++)
                {
                    long at = ((long)i * c + ch) * s + j;
                    y[at] = (float)(g[ch] * (xs[at] - mu) * r + b[ch]);
                }
            mean[ch] = (float)mu;
            variance[ch] = (float)v;
        }
        return (y, mean, variance);
    }

    /// <summary>dx, dgamma, dbeta from the batch statistics recomputed in double (the saved mean and variance are not read).</summary>
    public static (float[] Dx, float[] DGamma, float[] DBeta) Backward(Tensor dy, Tensor x, Tensor gamma, float eps)
    {
        var (n, c, s) = BatchNormOps.Dims(x.Shape);
        float[] xs = x.ToArray(), gs = dy.ToArray(), g = gamma.ToArray();
        var dx = new float[xs.Length];
        var dgamma = new float[c];
        var dbeta = new float[c];
        double m = (double)n * s;
        for (int ch = 0; ch < c; ch++)
        {
            var (mu, v) = Moments(xs, n, c, s, ch);
            double r = 1 / Math.Sqrt(v + eps), sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++)
                {
                    long at = ((long)i * c + ch) * s + j;
                    sumDy += gs[at];
                    sumDyXhat += gs[at] * (xs[at] - mu) * r;
                }
            for (int i = 0; i < n; i++)
                for (int j = 0; j < s; j++)
                {
                    long at = ((long)i * c + ch) * s + j;
                    double xhat = (xs[at] - mu) * r;
                    dx[at] = (float)(g[ch] * r * (gs[at] - sumDy / m - xhat * sumDyXhat / m));
                }
            dgamma[ch] = (float)sumDyXhat;
            dbeta[ch] = (float)sumDy;
        }
        return (dx, dgamma, dbeta);
    }

    /// <summary>The mean and the biased variance of channel <paramref name="ch"/>, two passes in double.</summary>
    private static (double Mean, double Variance) Moments(float[] xs, int n, int c, int s, int ch)
    {
        double sum = 0, sq = 0, m = (double)n * s;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < s; j++) sum += xs[((long)i * c + ch) * s + j];
        double mu = sum / m;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < s; j++)
            {
                double d = xs[((long)i * c + ch) * s + j] - mu;
                sq += d * d;
            }
        return (mu, sq / m);
    }
}
