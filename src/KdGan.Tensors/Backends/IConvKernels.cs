namespace KdGan.Tensors.Backends;

/// <summary>
/// Fused 2-D convolution. A backend without it gets the composition of <see cref="ILayerKernels.Im2Col"/> and
/// <see cref="IBackend.MatMul"/> (see <see cref="ConvOps.Composed"/>), which is also the definition: a fused kernel
/// must give exactly the composition's bits.
/// </summary>
public interface IConvKernels
{
    /// <summary>
    /// y [N, O, OH, OW] = W [O, C*KH*KW] x patches(x) per image (+ bias [O], one add after the sum), x [N, C, H, W]
    /// contiguous, w [O, C, KH, KW] contiguous, y contiguous and overwritten.
    /// </summary>
    void Conv2dForward(Tensor x, Tensor w, Tensor? bias, int stride, int padding, Tensor y);

    /// <summary>
    /// The gradients of <see cref="Conv2dForward"/> from dy [N, O, OH, OW]: dx [N, C, H, W] and dw [O, C, KH, KW]
    /// (either may be null: not wanted), all contiguous and overwritten. Returns false, writing nothing, when this
    /// device cannot give the composition's bits at its current settings; the caller then composes.
    /// </summary>
    bool TryConv2dBackward(Tensor dy, Tensor x, Tensor w, int stride, int padding, Tensor? dx, Tensor? dw);
}
