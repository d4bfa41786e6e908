using KdGan.Tensors.Rng;
namespace KdGan.Models.Data;

/// <summary>
/// The CIFAR augmentation: zero-pad each side by <see cref="Padding"/> pixels, crop a random
/// height x width window (offsets uniform in 0..2*padding), then mirror left-right with probability
/// 1/2. The image keeps its size.
/// </summary>
public sealed class PadCropFlip(int padding = 4, bool flip = true) : IImageTransform
{
    public int Padding { get; } = padding;
    public bool Flip { get; } = flip;

    public void Apply(Span<float> image, int channels, int height, int width, PhiloxRandom rng, Span<float> scratch)
    {
        int ox = rng.NextInt(2 * Padding + 1) - Padding;
        int oy = rng.NextInt(2 * Padding + 1) - Padding;
        bool mirror = Flip && rng.NextInt(2) == 1;
        Shift(image, channels, height, width, ox, oy, mirror, scratch);
    }

    /// <summary>out[c, y, x] = in[c, y + oy, x' + ox] (0 outside), x' = width-1-x when mirrored, else x.</summary>
    public static void Shift(Span<float> image, int channels, int height, int width, int ox, int oy, bool mirror, Span<float> scratch)
    {
        int plane = height * width;
        var src = scratch[..(channels * plane)];
        image.CopyTo(src);
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    int sx = (mirror ? width - 1 - x : x) + ox, sy = y + oy;
                    image[c * plane + y * width + x] =
                        (uint)sx < (uint)width && (uint)sy < (uint)height ? src[c * plane + sy * width + sx] : 0f;
                }
    }
}
