using KdGan.Tensors.Backends;

namespace KdGan.Tensors;

/// <summary>
/// Gumbel sampling as users call it (<see cref="IGumbelKernels"/>): validation with clear errors, output allocation,
/// then the device's kernel. The noise is element i of the Gumbel stream (seed, offset), so every backend and thread
/// count draws the same samples.
/// </summary>
public static class GumbelOps
{
    private static IGumbelKernels Kernels(Tensor t, string op) =>
        t.Device.Backend as IGumbelKernels ?? throw new NotSupportedException($"{op}: device {t.Device} has no Gumbel kernels.");

    /// <summary><paramref name="samples"/> categorical draws per row of logits [N, C] (Gumbel-max); indices [N, samples] as float.</summary>
    public static Tensor GumbelMax(Tensor logits, int samples, ulong seed, ulong offset)
    {
        logits.ThrowIfDisposed(nameof(GumbelMax));
        if (logits.Rank != 2 || logits.Shape[1] == 0) throw new ArgumentException($"GumbelMax: expects logits [N, C] with C >= 1, got {logits.Shape}.");
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), $"GumbelMax: samples must be >= 1, got {samples}.");
        var idx = Tensor.Empty([logits.Shape[0], samples], logits.Device);
        Kernels(logits, nameof(GumbelMax)).GumbelMax(logits, seed, offset, idx);
        return idx;
    }

    /// <summary>softmax((logits + Gumbel noise) / tau) over the last axis, noise from (seed, offset).</summary>
    public static Tensor GumbelSoftmax(Tensor logits, float tau, ulong seed, ulong offset)
    {
        logits.ThrowIfDisposed(nameof(GumbelSoftmax));
        if (logits.Rank == 0) throw new ArgumentException("GumbelSoftmax: needs at least one axis.");
        if (!(tau > 0) || float.IsInfinity(tau)) throw new ArgumentOutOfRangeException(nameof(tau), $"GumbelSoftmax: tau must be positive and finite, got {tau}.");
        var y = Tensor.Empty(logits.Shape, logits.Device);
        Kernels(logits, nameof(GumbelSoftmax)).GumbelSoftmax(logits, tau, seed, offset, y);
        return y;
    }
}
