using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// A minibatch of tag-recommendation posts as the trainer sees it. C and D see <see cref="Inputs"/> (the image, or its
/// feature vector) only; T also reads the privileged text, packed after the input in one row per post
/// (<see cref="TeacherInput"/>, which the text teacher splits again). The caller owns it and disposes it.
/// </summary>
public sealed class TagBatch(Tensor inputs, Tensor tags, Tensor targets, Tensor text, Tensor teacherInput,
    int[] textLengths, int[][] tagIds, int[] classes, int[] indices) : IExampleBatch
{
    /// <summary>float32 [batch, ...input dims]: feature vectors, or images in [0, 1].</summary>
    public Tensor Inputs { get; } = inputs;

    /// <summary>float32 [batch, tag vocabulary]: 1 for each tag of the post, else 0 (the relevance the metrics read).</summary>
    public Tensor Tags { get; } = tags;

    /// <summary>float32 [batch, tag vocabulary]: <see cref="Tags"/> normalised to sum 1 per post, the loss's targets.</summary>
    public Tensor Targets { get; } = targets;

    /// <summary>float32 [batch, max text length]: word ids of the privileged text, padded with 0 (&lt;pad&gt;).</summary>
    public Tensor Text { get; } = text;

    /// <summary>float32 [batch, input size + max text length]: the flattened input, then <see cref="Text"/>.</summary>
    public Tensor TeacherInput { get; } = teacherInput;

    /// <summary>Words of each text before padding (after truncation).</summary>
    public int[] TextLengths { get; } = textLengths;

    /// <summary>Each post's tag ids (the ones in the vocabulary).</summary>
    public int[][] TagIds { get; } = tagIds;

    /// <summary>One tag of each post, drawn uniformly from its tags for this batch (a sample of p(y|x)).</summary>
    public int[] Classes { get; } = classes;

    /// <summary>Index of each example in its <see cref="TagDataset"/>.</summary>
    public int[] Indices { get; } = indices;

    public int Count => Indices.Length;

    /// <summary>T reads the post's text as well; C and D see only the input.</summary>
    public Tensor Input(Role role) => role == Role.Teacher ? TeacherInput : Inputs;

    public void Dispose()
    {
        Inputs.Dispose();
        Tags.Dispose();
        Targets.Dispose();
        Text.Dispose();
        TeacherInput.Dispose();
    }
}
