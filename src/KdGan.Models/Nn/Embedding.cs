using KdGan.Autograd;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Nn;

/// <summary>
/// A lookup table of <c>numEmbeddings</c> vectors of size <c>embeddingDim</c> (PyTorch's nn.Embedding): weight
/// [V, E] drawn from N(0, 1); ids of any shape give [..., E]. With a padding index that row starts at zero
/// and never receives a gradient (PyTorch's padding_idx). Out-of-range ids are an error naming the id and V.
/// </summary>
public sealed class Embedding : Layer
{
    public Embedding(int numEmbeddings, int embeddingDim, Generator gen, int paddingIndex = -1, Device? device = null)
    {
        if (numEmbeddings < 1 || embeddingDim < 1)
            throw new ArgumentException($"Embedding: needs at least one row and one column, got {numEmbeddings} x {embeddingDim}.");
        if (paddingIndex < -1 || paddingIndex >= numEmbeddings)
            throw new ArgumentOutOfRangeException(nameof(paddingIndex), $"Embedding: padding index {paddingIndex} is outside [0, {numEmbeddings}) (use -1 for none).");
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        PaddingIndex = paddingIndex;
        var w = Init.Normal([numEmbeddings, embeddingDim], 1f, gen, device);
        if (paddingIndex >= 0)
            using (var row = w.Select(0, paddingIndex)) row.Fill_(0f);
        Weight = RegisterParameter("weight", w);
    }

    public int NumEmbeddings { get; }
    public int EmbeddingDim { get; }

    /// <summary>The row that stays zero and gets no gradient (-1: none).</summary>
    public int PaddingIndex { get; }

    public Variable Weight { get; }

    /// <summary>Ids stored as float32 (as data loaders produce them), any shape: [..., E].</summary>
    public override Variable Forward(Variable ids) => Forward(ids.Data);

    /// <summary>Ids stored as float32, any shape: [..., E].</summary>
    public Variable Forward(Tensor ids) => Variable.Embedding(Weight, ids, PaddingIndex);

    /// <summary>Integer ids of shape <paramref name="shape"/> (default [N]): [..., E].</summary>
    public Variable Forward(ReadOnlySpan<int> ids, Shape? shape = null) => Variable.Embedding(Weight, ids, shape, PaddingIndex);
}
