using KdGan.Tensors.Rng;
namespace KdGan.Models.Data;

/// <summary>
/// Per-image standardisation as TensorFlow's <c>per_image_standardization</c>: (x - mean) / max(std,
/// 1/sqrt(N)) over all N elements of the image, so every image has mean 0 and (unless it is flat)
/// standard deviation 1. Not random.
/// </summary>
public sealed class PerImageStandardize : IImageTransform
{
    public void Apply(Span<float> image, int channels, int height, int width, PhiloxRandom rng, Span<float> scratch) => Standardize(image);

    public static void Standardize(Span<float> image)
    {
        int n = image.Length;
        if (n == 0) return;
        double sum = 0, sq = 0;
        foreach (float v in image) sum += v;
        double mean = sum / n;
        foreach (float v in image) sq += (v - mean) * (v - mean);
        double std = Math.Max(Math.Sqrt(sq / n), 1.0 / Math.Sqrt(n));
        float m = (float)mean, inv = (float)(1.0 / std);
        for (int i = 0; i < n; i++) image[i] = (image[i] - m) * inv;
    }
}
