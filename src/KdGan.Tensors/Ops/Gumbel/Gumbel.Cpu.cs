using KdGan.Tensors.Rng;

namespace KdGan.Tensors.Backends.Cpu;

// Sampling labels from logits. Both kernels draw their Gumbel noise from the counter-based stream inside
// the pass (no noise tensor is materialised) and split rows over threads; the numbers depend only on
// (seed, offset, element index), so any thread count and any backend give the same samples.
public sealed unsafe partial class CpuBackend : IGumbelKernels
{
    public void GumbelMax(Tensor logits, ulong seed, ulong offset, Tensor indices)
    {
        var level = BeginOp();
        using var lc = logits.Contiguous();
        int rows = logits.Shape[0], classes = logits.Shape[1], samples = indices.Shape[1];
        float* pl = Ptr(lc) + lc.Offset, pi = Ptr(indices) + indices.Offset;
        Parallelism.ForRanges((long)rows * samples, Math.Max(1, 2048 / classes), (s, e) =>
        {
            var noise = new float[classes];
            for (long w = s; w < e; w++)
            {
                long n = w / samples, sample = w % samples;
                RandomStream.Fill(RandomDistribution.Gumbel, seed, offset, (sample * rows + n) * classes, noise);
                float* row = pl + n * classes;
                int best = 0;
                float bestValue = float.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                {
                    float v = row[c] + noise[c];
                    if (v > bestValue) { bestValue = v; best = c; }
                }
                pi[n * samples + sample] = best;
            }
        });
    }

    public void GumbelSoftmax(Tensor logits, float tau, ulong seed, ulong offset, Tensor y)
    {
        var level = BeginOp();
        using var lc = logits.Contiguous();
        int classes = logits.Shape[-1];
        long rows = logits.NumElements / Math.Max(1, classes);
        float* pl = Ptr(lc) + lc.Offset, py = Ptr(y) + y.Offset;
        float invTau = 1f / tau;
        Parallelism.ForRanges(rows, Math.Max(1, 2048 / classes), (s, e) =>
        {
            for (long n = s; n < e; n++)
            {
                float* dst = py + n * classes;
                var span = new Span<float>(dst, classes);
                RandomStream.Fill(RandomDistribution.Gumbel, seed, offset, n * classes, span);
                ElementwiseLoops.Binary(new AddKernel(), dst, 1, pl + n * classes, 1, dst, 1, classes, level);
                SoftmaxRow(dst, dst, classes, invTau, log: false, level); // in place: each element is read before it is written
            }
        });
    }
}
