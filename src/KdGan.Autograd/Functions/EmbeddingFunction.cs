using KdGan.Tensors;

namespace KdGan.Autograd.Functions;

/// <summary>
/// Embedding lookup: y[..., :] = weight[indices[...], :] for weight [V, E] (PyTorch's F.embedding). Backward is
/// the adjoint, an index_add of the output gradient into the rows that were picked
/// (<see cref="SequenceOps.EmbeddingBackward"/>, deterministic); the padding row (when given) gets none.
/// </summary>
internal sealed class EmbeddingFunction : Function
{
    private int[] _indices = [];
    private int _vocabulary, _paddingIndex;

    /// <param name="indexShape">The shape of the index array (the output is that shape plus E).</param>
    public static Variable Apply(Variable weight, ReadOnlySpan<int> indices, Shape indexShape, int paddingIndex)
    {
        if (weight.Rank != 2) throw new ArgumentException($"Embedding: expects a weight [V, E], got shape {weight.Shape}.");
        if (indexShape.NumElements != indices.Length)
            throw new ArgumentException($"Embedding: {indices.Length} indices cannot have shape {indexShape}.");
        int vocabulary = weight.Shape[0], dim = weight.Shape[1];
        if (paddingIndex >= vocabulary || paddingIndex < -1)
            throw new ArgumentOutOfRangeException(nameof(paddingIndex), $"Embedding: padding index {paddingIndex} is outside the vocabulary of size {vocabulary} (use -1 for none).");
        using var rows = SequenceOps.Embedding(weight.Data, indices);
        var y = rows.Reshape([.. indexShape, dim]);
        var fn = new EmbeddingFunction { _vocabulary = vocabulary, _paddingIndex = paddingIndex };
        if (ShouldRecord(weight)) fn._indices = indices.ToArray();
        return fn.Record(y, weight);
    }

    protected internal override Tensor?[] Backward(Tensor g)
    {
        using var g2 = g.Reshape(_indices.Length, g.Shape[-1]);
        return [SequenceOps.EmbeddingBackward(g2, _indices, _vocabulary, _paddingIndex)];
    }
}
