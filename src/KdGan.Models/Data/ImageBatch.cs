using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// A minibatch of labelled images. The caller owns it and disposes it (that releases both tensors).
/// </summary>
public sealed class ImageBatch(Tensor images, Tensor labels, int[] classes, int[] indices) : IExampleBatch
{
    /// <summary>float32 [batch, channels, height, width].</summary>
    public Tensor Images { get; } = images;

    /// <summary>float32 [batch]: the class index of each image (the stack is float32 only).</summary>
    public Tensor Labels { get; } = labels;

    /// <summary>The class indices as ints.</summary>
    public int[] Classes { get; } = classes;

    /// <summary>Index of each example in its <see cref="LabeledImages"/>.</summary>
    public int[] Indices { get; } = indices;

    public int Count => Classes.Length;

    /// <summary>Every player sees the image.</summary>
    public Tensor Input(Training.Role role) => Images;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
