using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>A minibatch of tag-recommendation examples. The caller owns it and disposes it.</summary>
public sealed class TagBatch(Tensor inputs, Tensor tags, Tensor text, int[] textLengths, int[][] tagIds, int[] indices) : IDisposable
{
    /// <summary>float32 [batch, ...input dims]: feature vectors, or images in [0, 1].</summary>
    public Tensor Inputs { get; } = inputs;

    /// <summary>float32 [batch, tag vocabulary]: 1 for each tag of the post, else 0.</summary>
    public Tensor Tags { get; } = tags;

    /// <summary>float32 [batch, max text length]: word ids of the privileged text, padded with 0 (&lt;pad&gt;).</summary>
    public Tensor Text { get; } = text;

    /// <summary>Words of each text before padding (after truncation).</summary>
    public int[] TextLengths { get; } = textLengths;

    /// <summary>Each post's tag ids (the ones in the vocabulary).</summary>
    public int[][] TagIds { get; } = tagIds;

    /// <summary>Index of each example in its <see cref="TagDataset"/>.</summary>
    public int[] Indices { get; } = indices;

    public int Count => Indices.Length;

    public void Dispose()
    {
        Inputs.Dispose();
        Tags.Dispose();
        Text.Dispose();
    }
}
