using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace KdGan.Models.Data;

/// <summary>
/// The second input form of a tag data set: image files named by the posts' <c>"image"</c> field (a path relative to
/// the data folder; PNG, JPEG, BMP, GIF, TGA...), decoded with ImageSharp to RGB, resized to
/// <see cref="Side"/> x <see cref="Side"/>, and held as uint8 [3, Side, Side] like an .npy of images. A file's size and
/// its header's dimensions are checked before it is decoded (<see cref="MaxFileBytes"/>, <see cref="MaxPixels"/>), so no
/// header can size an allocation; an unreadable file is an error naming it and the .jsonl line that names it.
/// </summary>
public static class TagImageFiles
{
    /// <summary>The side every image is resized to.</summary>
    public const int Side = 64;

    /// <summary>Largest image file read, and most pixels (width x height) a header may announce.</summary>
    public const long MaxFileBytes = 64L << 20, MaxPixels = 40_000_000;

    /// <summary>
    /// The images of <paramref name="paths"/> (relative to <paramref name="folder"/>; entry i from line
    /// <paramref name="lines"/>[i] of <paramref name="jsonl"/>) as uint8 [count, 3, Side, Side].
    /// </summary>
    public static byte[] Decode(string folder, string jsonl, IReadOnlyList<string> paths, IReadOnlyList<int> lines)
    {
        const int size = 3 * Side * Side;
        var pixels = new byte[checked(paths.Count * size)];
        var root = Path.GetFullPath(folder);
        for (int i = 0; i < paths.Count; i++)
        {
            string where = $"{Path.GetFileName(jsonl)} line {lines[i]}";
            string file = Path.GetFullPath(Path.Combine(root, paths[i]));
            if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new DataFormatException(jsonl, $"{where}: \"image\" '{Cut(paths[i])}' points outside the data folder {root}.");
            if (!File.Exists(file)) throw new DataFormatException(file, $"is missing ({where} names it).");
            long length = new FileInfo(file).Length;
            if (length > MaxFileBytes) throw new DataFormatException(file, $"is {length:N0} bytes, over the {MaxFileBytes:N0} an image may take ({where}).");
            try
            {
                var info = Image.Identify(file) ?? throw new DataFormatException(file, $"is not an image ImageSharp can read: unknown format ({where}).");
                if ((long)info.Width * info.Height > MaxPixels)
                    throw new DataFormatException(file, $"announces {info.Width} x {info.Height} pixels, over the {MaxPixels:N0} an image may have ({where}).");
                using var image = Image.Load<Rgb24>(file);
                image.Mutate(x => x.Resize(Side, Side));
                var rgb = new Rgb24[Side * Side];
                image.CopyPixelDataTo(rgb);
                var dst = pixels.AsSpan(i * size, size);
                for (int p = 0; p < rgb.Length; p++) // channels first: [3, Side, Side]
                    (dst[p], dst[Side * Side + p], dst[2 * Side * Side + p]) = (rgb[p].R, rgb[p].G, rgb[p].B);
            }
            // The decoders fail on hostile files with their own exceptions and, on some truncated ones, with
            // IndexOutOfRangeException or ArgumentException from inside (ImageSharp 2.1.13 on a half PNG): all are the file's fault.
            catch (Exception e) when (e is not DataFormatException and not OutOfMemoryException)
            {
                throw new DataFormatException(file, $"cannot be decoded ({where}): {e.Message}", e);
            }
        }
        return pixels;
    }

    private static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
