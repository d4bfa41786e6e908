using KdGan.Tensors.Rng;
namespace KdGan.Models.Data;

/// <summary>
/// A small random affine warp for MNIST (defaults: rotation +-15 degrees, shift up to 10% of the
/// side in x and y, zoom 0.9..1.1), about the image centre, bilinear sampling, zero outside the
/// image. Each output pixel p reads the input at A^-1 (p - c - t) + c. Values stay inside the
/// input's range when that range contains 0 (bilinear weights are convex, the fill is 0).
/// </summary>
public sealed class RandomAffine(float maxDegrees = 15f, float maxShift = 0.1f, float maxZoom = 0.1f) : IImageTransform
{
    public float MaxDegrees { get; } = maxDegrees;
    public float MaxShift { get; } = maxShift;
    public float MaxZoom { get; } = maxZoom;

    public void Apply(Span<float> image, int channels, int height, int width, PhiloxRandom rng, Span<float> scratch)
    {
        float angle = rng.Uniform(-MaxDegrees, MaxDegrees) * (MathF.PI / 180f);
        float tx = rng.Uniform(-MaxShift, MaxShift) * width;
        float ty = rng.Uniform(-MaxShift, MaxShift) * height;
        float scale = rng.Uniform(1f - MaxZoom, 1f + MaxZoom);
        Warp(image, channels, height, width, angle, tx, ty, scale, scratch);
    }

    /// <summary>The deterministic warp: rotate by <paramref name="angle"/> radians, scale, then shift by (tx, ty) pixels.</summary>
    public static void Warp(Span<float> image, int channels, int height, int width, float angle, float tx, float ty, float scale, Span<float> scratch)
    {
        int plane = height * width;
        var src = scratch[..(channels * plane)];
        image.CopyTo(src);
        float cx = (width - 1) * 0.5f, cy = (height - 1) * 0.5f;
        // Inverse of p' = s R p: p = R^T p' / s.
        float cos = MathF.Cos(angle) / scale, sin = MathF.Sin(angle) / scale;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float dx = x - cx - tx, dy = y - cy - ty;
                float sx = cos * dx + sin * dy + cx;
                float sy = -sin * dx + cos * dy + cy;
                for (int c = 0; c < channels; c++)
                    image[c * plane + y * width + x] = Bilinear(src.Slice(c * plane, plane), height, width, sx, sy);
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> p, int h, int w, float x, float y)
    {
        if (x <= -1f || y <= -1f || x >= w || y >= h) return 0f;
        int x0 = (int)MathF.Floor(x), y0 = (int)MathF.Floor(y);
        float fx = x - x0, fy = y - y0;
        float v00 = At(p, h, w, x0, y0), v10 = At(p, h, w, x0 + 1, y0);
        float v01 = At(p, h, w, x0, y0 + 1), v11 = At(p, h, w, x0 + 1, y0 + 1);
        return (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11);
    }

    private static float At(ReadOnlySpan<float> p, int h, int w, int x, int y) =>
        (uint)x < (uint)w && (uint)y < (uint)h ? p[y * w + x] : 0f;
}
