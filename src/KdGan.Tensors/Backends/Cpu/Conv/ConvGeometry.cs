namespace KdGan.Tensors.Backends.Cpu.Conv;

/// <summary>
/// The shapes of one 2-D convolution: images x [N, C, H, W], weight [O, C, KH, KW], output [N, O, OH, OW], and the
/// zero-padded, batch-innermost copy of the input [C, H + 2p, W + 2p, N] the CPU kernels read patches from.
/// </summary>
internal readonly record struct ConvGeometry(int N, int C, int H, int W, int O, int KH, int KW, int Stride, int Padding)
{
    public int OH => (H + 2 * Padding - KH) / Stride + 1;
    public int OW => (W + 2 * Padding - KW) / Stride + 1;
    public int Hp => H + 2 * Padding;
    public int Wp => W + 2 * Padding;
    /// <summary>Output pixels per image.</summary>
    public int L => OH * OW;
    /// <summary>Terms per output element, C * KH * KW: the GEMM depth.</summary>
    public int K => C * KH * KW;

    public static ConvGeometry Of(Tensor x, Tensor w, int stride, int padding) =>
        new(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], w.Shape[0], w.Shape[2], w.Shape[3], stride, padding);
}
