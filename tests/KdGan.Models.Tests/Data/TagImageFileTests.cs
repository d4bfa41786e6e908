using KdGan.Models.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace KdGan.Models.Tests.Data;

/// <summary>Tag posts whose inputs are image files (<see cref="TagImageFiles"/>): decoding, and every kind of bad file.</summary>
public class TagImageFileTests
{
    private static void Post(TempFolder dir, params string[] jsonLines) => File.WriteAllLines(dir.File("train.jsonl"), jsonLines);

    private static void Png(string path, int w, int h, Rgb24 color)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(w, h, color);
        image.SaveAsPng(path);
    }

    [Fact]
    public void ImagesAreDecodedResizedAndStoredChannelsFirst()
    {
        using var dir = new TempFolder();
        Png(dir.File("photos/a.png"), 20, 10, new Rgb24(255, 0, 10));
        Png(dir.File("photos/b.png"), 128, 96, new Rgb24(0, 128, 255));
        Post(dir, """{"id": "a", "text": "red sunset", "tags": ["red"], "image": "photos/a.png"}""",
                  """{"id": "b", "text": "blue sky", "tags": ["blue"], "image": "photos/b.png"}""");
        var d = TagDatasetFiles.Read(dir.Path, "train");
        int side = TagImageFiles.Side, plane = side * side;
        Assert.Equal([3, side, side], d.InputDims);
        Assert.Equal(2, d.Count);
        var px = d.Bytes!;
        // A flat colour stays that colour through the resize: R plane, then G, then B.
        Assert.Equal((255, 0, 10), (px[0], px[plane], px[2 * plane]));
        Assert.Equal((0, 128, 255), (px[3 * plane], px[4 * plane], px[5 * plane]));
        Assert.Equal(["red"], d.Tags[0]);
    }

    [Fact]
    public void ACorruptImageNamesTheFileAndTheLine()
    {
        using var dir = new TempFolder();
        Png(dir.File("ok.png"), 8, 8, new Rgb24(1, 2, 3));
        var bytes = File.ReadAllBytes(dir.File("ok.png"));
        File.WriteAllBytes(dir.File("cut.png"), bytes[..(bytes.Length / 2)]); // a PNG cut in half
        Post(dir, """{"tags": ["x"], "image": "ok.png"}""", """{"tags": ["y"], "image": "cut.png"}""");
        var e = Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train"));
        Assert.Contains("cut.png", e.Message);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void AFileThatIsNoImageIsRejected()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("notes.png"), "this is text, not a picture");
        Post(dir, """{"tags": ["x"], "image": "notes.png"}""");
        var e = Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train"));
        Assert.Contains("notes.png", e.Message);
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void AHeaderAnnouncingAHugeImageIsRejectedBeforeDecoding()
    {
        using var dir = new TempFolder();
        Png(dir.File("small.png"), 4, 4, new Rgb24(9, 9, 9));
        var png = File.ReadAllBytes(dir.File("small.png"));
        // IHDR's width and height (big-endian, bytes 16..23) set to 60000 x 60000: 3.6 gigapixels announced in 70 bytes.
        byte[] big = [0, 0, 0xEA, 0x60];
        big.CopyTo(png, 16);
        big.CopyTo(png, 20);
        File.WriteAllBytes(dir.File("bomb.png"), png);
        Post(dir, """{"tags": ["x"], "image": "bomb.png"}""");
        var e = Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train"));
        Assert.Contains("bomb.png", e.Message);
        Assert.True(e.Message.Contains("60000 x 60000") || e.Message.Contains("cannot be decoded"), e.Message);
    }

    [Fact]
    public void MissingFilesPathsOutsideTheFolderAndLinesWithoutAnImageAreErrors()
    {
        using var dir = new TempFolder();
        Post(dir, """{"tags": ["x"], "image": "gone.png"}""");
        Assert.Contains("gone.png", Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train")).Message);

        Post(dir, """{"tags": ["x"], "image": "../../etc/passwd"}""");
        Assert.Contains("outside the data folder", Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train")).Message);

        Png(dir.File("ok.png"), 8, 8, new Rgb24(1, 2, 3));
        Post(dir, """{"tags": ["x"], "image": "ok.png"}""", """{"tags": ["y"]}""");
        var e = Assert.Throws<DataFormatException>(() => TagDatasetFiles.Read(dir.Path, "train"));
        Assert.Contains("train.npy is missing", e.Message);
        Assert.Contains("line 2", e.Message);
    }
}
