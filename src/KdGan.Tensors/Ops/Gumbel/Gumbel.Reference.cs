using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Backends.Reference;

/// <summary>Gumbel-max and Gumbel-softmax as plain loops over the stream's samples: the spec of <see cref="IGumbelKernels"/>.</summary>
public static class ReferenceGumbel
{
    /// <summary>Gumbel-max samples: argmax_c (logits[n, c] + Gumbel element (s*N + n)*C + c).</summary>
    public static float[] GumbelMax(Tensor logits, int samples, ulong seed, ulong offset)
    {
        int rows = logits.Shape[0], classes = logits.Shape[1];
        var result = new float[rows * samples];
        for (int n = 0; n < rows; n++)
            for (int s = 0; s < samples; s++)
            {
                int best = 0;
                float bestValue = float.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                {
                    float v = ReferenceOps.Get(logits, [n, c]) + RandomStream.Sample(RandomDistribution.Gumbel, seed, offset, ((long)s * rows + n) * classes + c);
                    if (v > bestValue) { bestValue = v; best = c; }
                }
                result[n * samples + s] = best;
            }
        return result;
    }

    /// <summary>softmax((logits + g) / tau) with g = Gumbel element n*C + c, computed in double.</summary>
    public static float[] GumbelSoftmax(Tensor logits, float tau, ulong seed, ulong offset)
    {
        var l = ReferenceOps.Values(logits);
        int classes = logits.Shape[-1];
        var result = new float[l.Length];
        for (int r = 0; r < l.Length / classes; r++)
        {
            var z = new double[classes];
            for (int c = 0; c < classes; c++)
                z[c] = (l[r * classes + c] + RandomStream.Sample(RandomDistribution.Gumbel, seed, offset, (long)r * classes + c)) / tau;
            double m = z.Max(), sum = z.Sum(v => Math.Exp(v - m));
            for (int c = 0; c < classes; c++) result[r * classes + c] = (float)(Math.Exp(z[c] - m) / sum);
        }
        return result;
    }
}
