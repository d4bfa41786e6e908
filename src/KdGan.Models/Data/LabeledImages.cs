namespace KdGan.Models.Data;

/// <summary>
/// A labelled image data set held once in memory as unsigned bytes, channel-major per image
/// ([count, channels, height, width], the layout of the IDX and CIFAR files). Subsets, splits and
/// loaders refer to it by index (<see cref="DataView"/>) and never copy it; pixels become float32
/// only a batch at a time.
/// </summary>
public sealed class LabeledImages
{
    public LabeledImages(string name, byte[] pixels, int[] labels, int channels, int height, int width, IReadOnlyList<string> classNames)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"{name}: image size must be positive, got {channels}x{height}x{width}.");
        int size = channels * height * width;
        if (pixels.LongLength != (long)labels.Length * size)
            throw new ArgumentException($"{name}: {labels.Length} labels need {(long)labels.Length * size} pixel bytes ({channels}x{height}x{width} each), got {pixels.LongLength}.");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classNames.Count)
                throw new ArgumentException($"{name}: label of example {i} is {labels[i]}, outside 0..{classNames.Count - 1}.");
        Name = name;
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        ClassNames = classNames;
    }

    public string Name { get; }

    /// <summary>All pixels, image after image, each [channels, height, width]; 0..255.</summary>
    public byte[] Pixels { get; }

    /// <summary>The class index of each image.</summary>
    public int[] Labels { get; }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames { get; }

    public int Count => Labels.Length;
    public int NumClasses => ClassNames.Count;

    /// <summary>Elements per image: channels * height * width.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The bytes of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(checked(index * ImageSize), ImageSize);

    /// <summary>A view over every image, in order.</summary>
    public DataView All() => new(this, Enumerable.Range(0, Count).ToArray());

    public override string ToString() => $"{Name}: {Count} images {Channels}x{Height}x{Width}, {NumClasses} classes";
}
