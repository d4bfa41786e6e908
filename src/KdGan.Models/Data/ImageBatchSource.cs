using KdGan.Tensors.Rng;
using KdGan.Tensors;

namespace KdGan.Models.Data;

/// <summary>
/// Batches of a <see cref="DataView"/>: byte / 255f as float32 in [0, 1], then the transforms in
/// order. Example i of an epoch is transformed with <c>PhiloxRandom(Mix(epochSeed, sourceIndex))</c>.
/// </summary>
public sealed class ImageBatchSource(DataView view, params IImageTransform[] transforms) : IBatchSource<ImageBatch>
{
    public DataView View { get; } = view;
    public IReadOnlyList<IImageTransform> Transforms { get; } = transforms;

    public int Count => View.Count;

    public IHostBatch<ImageBatch> Prepare(int[] positions, ulong seed)
    {
        var src = View.Source;
        int size = src.ImageSize;
        var pixels = new float[positions.Length * size];
        var classes = new int[positions.Length];
        var indices = new int[positions.Length];
        var scratch = Transforms.Count > 0 ? new float[size] : [];
        for (int b = 0; b < positions.Length; b++)
        {
            int index = View.Indices[positions[b]];
            indices[b] = index;
            classes[b] = src.Labels[index];
            var image = pixels.AsSpan(b * size, size);
            var bytes = src.Image(index);
            for (int j = 0; j < size; j++) image[j] = bytes[j] / 255f;
            if (Transforms.Count == 0) continue;
            var rng = new PhiloxRandom(PhiloxRandom.Mix(seed, (ulong)index));
            foreach (var t in Transforms) t.Apply(image, src.Channels, src.Height, src.Width, rng, scratch);
        }
        return new Host(pixels, classes, indices, src.Channels, src.Height, src.Width);
    }

    private sealed class Host(float[] pixels, int[] classes, int[] indices, int c, int h, int w) : IHostBatch<ImageBatch>
    {
        public ImageBatch Upload(Device device)
        {
            var images = Tensor.FromArray(pixels, [classes.Length, c, h, w], device);
            var labels = Tensor.FromArray(Array.ConvertAll(classes, x => (float)x), [classes.Length], device);
            return new ImageBatch(images, labels, classes, indices);
        }
    }
}
