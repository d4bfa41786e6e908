namespace KdGan.Tensors.Backends;

/// <summary>
/// Fused kernels for layers (convolution patches and pooling), beside the primitive contract (<see cref="IBackend"/>): each one does in one
/// pass what the primitives would do in several, and each keeps a composed or plain-loop reference as its
/// test oracle (<see cref="Reference.ReferenceLayerOps"/>). Arguments arrive validated (see
/// <see cref="LayerOps"/>); outputs are contiguous and fully overwritten.
/// </summary>
public interface ILayerKernels
{
    /// <summary>
    /// Unfolds convolution patches: x [N, C, H, W] -> cols [N, C*KH*KW, OH*OW], with
    /// cols[n, (c*KH + i)*KW + j, oy*OW + ox] = x[n, c, oy*stride - pad + i, ox*stride - pad + j] (0 outside).
    /// </summary>
    void Im2Col(Tensor x, int kernelH, int kernelW, int stride, int padding, Tensor cols);

    /// <summary>The adjoint of <see cref="Im2Col"/>: sums each column entry back into its pixel of dx [N, C, H, W].</summary>
    void Col2Im(Tensor cols, int kernelH, int kernelW, int stride, int padding, Tensor dx);

    /// <summary>
    /// Max pooling over k x k windows: y [N, C, OH, OW] and, for backward, the flat index (y*W + x, as float)
    /// of the first maximum of each window in its input plane. Padding counts as -infinity.
    /// </summary>
    void MaxPool2d(Tensor x, int kernel, int stride, int padding, Tensor y, Tensor argmax);

    /// <summary>dx [N, C, H, W] = sum of dy routed to the argmax of each window (dx is overwritten).</summary>
    void MaxPool2dBackward(Tensor dy, Tensor argmax, Tensor dx);

    /// <summary>Average pooling over k x k windows, dividing by k*k (padding counted, PyTorch's default).</summary>
    void AvgPool2d(Tensor x, int kernel, int stride, int padding, Tensor y);

    /// <summary>dx = each dy spread evenly (1/k^2) over its window (dx is overwritten).</summary>
    void AvgPool2dBackward(Tensor dy, int kernel, int stride, int padding, Tensor dx);
}
