using KdGan.Tensors.Rng;
namespace KdGan.Models.Data;

/// <summary>
/// An augmentation or normalisation of one float image [channels, height, width], in place. Random
/// transforms draw only from <paramref name="rng"/>, which the batch source keys by (loader seed, epoch,
/// example index), so an example is augmented the same way for a seed whatever the batch size or
/// the thread that prepares it.
/// </summary>
public interface IImageTransform
{
    /// <param name="image">The image, channel-major, values as produced by the previous step.</param>
    /// <param name="scratch">At least <c>image.Length</c> floats the transform may overwrite.</param>
    void Apply(Span<float> image, int channels, int height, int width, PhiloxRandom rng, Span<float> scratch);
}
