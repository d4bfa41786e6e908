namespace KdGan.Tensors.Backends;

/// <summary>
/// Fused kernels for sequence models (the LSTM cell's pointwise part and embedding lookups), beside
/// <see cref="ILayerKernels"/>. Each keeps a plain-loop reference as its test oracle
/// (<see cref="Reference.ReferenceSequenceOps"/>). Arguments arrive validated (see <see cref="SequenceOps"/>):
/// matrices are 2-D with unit column stride but any row stride (so a kernel can read and write one time step
/// of a batch-first [B, T, X] buffer in place); outputs are fully overwritten.
/// <para>
/// LSTM gate layout (PyTorch's): a gate row of width 4H holds the pre-activations of the input gate i, the
/// forget gate f, the cell candidate g and the output gate o, in that order, each H wide.
/// </para>
/// </summary>
public interface ISequenceKernels
{
    /// <summary>
    /// The pointwise part of an LSTM step. With z = gates + gatesX + bias (gatesX and bias optional; bias [4H]
    /// is broadcast over the rows): i = sigma(z_i), f = sigma(z_f), g = tanh(z_g), o = sigma(z_o),
    /// c = f cPrev + i g, h = o tanh(c). Writes the activated gates (i, f, g, o) [B, 4H] for backward, c and h [B, H].
    /// </summary>
    void LstmCell(Tensor gates, Tensor? gatesX, Tensor? bias, Tensor cPrev, Tensor activations, Tensor c, Tensor h);

    /// <summary>
    /// The adjoint of <see cref="LstmCell"/> given dL/dh and dL/dc of the step (null: zero). With
    /// dC = dc + dh o (1 - tanh^2 c): dGates = (dC g i(1-i), dC cPrev f(1-f), dC i (1-g^2), dh tanh(c) o(1-o))
    /// (pre-activation gradients, [B, 4H]) and dcPrev = dC f [B, H].
    /// </summary>
    void LstmCellBackward(Tensor activations, Tensor cPrev, Tensor c, Tensor? dh, Tensor? dc, Tensor dGates, Tensor dcPrev);

    /// <summary>dst[n, :] = weight[indices[n], :]. weight [V, E], dst [N, E]; every index is in [0, V).</summary>
    void Embedding(Tensor weight, ReadOnlySpan<int> indices, Tensor dst);

    /// <summary>
    /// The adjoint of <see cref="Embedding"/> (an index_add): dWeight[v, :] = sum over n with indices[n] = v of
    /// grad[n, :], summed in increasing n by one thread per row (deterministic, no atomics); rows never indexed
    /// and the row <paramref name="paddingIndex"/> (when &gt;= 0) are zero. grad [N, E], dWeight [V, E].
    /// </summary>
    void EmbeddingBackward(Tensor grad, ReadOnlySpan<int> indices, int paddingIndex, Tensor dWeight);
}
