using System.IO.Compression;
using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

public class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripsImagesPlainAndGzipped(bool gzip)
    {
        using var dir = new TempFolder();
        var data = Synthetic.RandomBytes(5 * 4 * 3, 1);
        string path = dir.File("x-idx3-ubyte" + (gzip ? ".gz" : ""));
        IdxFile.Write(path, [5, 4, 3], data, gzip);
        var read = IdxFile.Read(path);
        Assert.Equal(new[] { 5, 4, 3 }, read.Dims);
        Assert.Equal(data, read.Data);
    }

    [Fact]
    public void DetectsGzipByContentNotName()
    {
        using var dir = new TempFolder();
        string path = dir.File("labels-without-gz-suffix");
        IdxFile.Write(path, [3], [1, 2, 3], gzip: true);
        Assert.Equal(new byte[] { 1, 2, 3 }, IdxFile.Read(path).Data);
    }

    [Fact]
    public void HeaderBytesAreBigEndianMnistLayout()
    {
        using var dir = new TempFolder();
        string path = dir.File("l");
        IdxFile.Write(path, [258], new byte[258]);
        var raw = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0, 0, 8, 1, 0, 0, 1, 2 }, raw[..8]);
        Assert.Equal(8 + 258, raw.Length);
    }

    private static DataFormatException Corrupt(TempFolder dir, byte[] bytes, bool gzip = false)
    {
        string path = dir.File("bad-idx");
        if (gzip)
        {
            using var f = File.Create(path);
            using var z = new GZipStream(f, CompressionLevel.Fastest);
            z.Write(bytes);
        }
        else File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        return e;
    }

    private static byte[] Header(params int[] dims)
    {
        var h = new List<byte> { 0, 0, 8, (byte)dims.Length };
        foreach (int d in dims) h.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        return h.ToArray();
    }

    [Fact]
    public void WrongMagicIsNamed()
    {
        using var dir = new TempFolder();
        var e = Corrupt(dir, [0x50, 0x4B, 3, 4, 0, 0, 0, 0]);
        Assert.Contains("IDX magic", e.Expected);
        Assert.Contains("504B0304", e.Found);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void UnsupportedElementTypeIsNamed()
    {
        using var dir = new TempFolder();
        var e = Corrupt(dir, [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        Assert.Contains("0x0D", e.Found);
        Assert.Contains("unsigned byte", e.Expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedDataReportsExpectedAndFoundSizes(bool gzip)
    {
        using var dir = new TempFolder();
        var bytes = Header(10, 28, 28).Concat(new byte[10 * 784 - 5]).ToArray();
        var e = Corrupt(dir, bytes, gzip);
        Assert.Contains("truncated", e.Found);
        Assert.Contains("7840", e.Expected);
        Assert.Contains("10 x 28 x 28", e.Expected);
    }

    [Fact]
    public void TruncatedHeaderFails()
    {
        using var dir = new TempFolder();
        var e = Corrupt(dir, Header(10, 28, 28)[..9]);
        Assert.Contains("truncated", e.Found);
        Assert.Contains("dimensions", e.Expected);
    }

    [Fact]
    public void TooShortForMagicFails()
    {
        using var dir = new TempFolder();
        var e = Corrupt(dir, [0, 0]);
        Assert.Contains("only 2 bytes", e.Found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrailingBytesFail(bool gzip)
    {
        using var dir = new TempFolder();
        var e = Corrupt(dir, Header(4).Concat(new byte[7]).ToArray(), gzip);
        Assert.Contains("extra", e.Found);
    }

    [Fact]
    public void BadRankFails()
    {
        using var dir = new TempFolder();
        var e = Corrupt(dir, [0, 0, 8, 0]);
        Assert.Contains("dimensions", e.Expected);
        Assert.Equal("0", e.Found);
    }

    [Fact]
    public void CorruptGzipStreamIsNamed()
    {
        using var dir = new TempFolder();
        string path = dir.File("x.gz");
        IdxFile.Write(path, [1000], Synthetic.RandomBytes(1000, 2), gzip: true);
        var raw = File.ReadAllBytes(path);
        for (int i = 20; i < raw.Length - 8; i++) raw[i] ^= 0x5A;
        File.WriteAllBytes(path, raw);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void MissingFileSaysWhich()
    {
        var e = Assert.Throws<FileNotFoundException>(() => IdxFile.Read("/nonexistent/train-images-idx3-ubyte"));
        Assert.Contains("/nonexistent/train-images-idx3-ubyte", e.Message);
    }

    [Fact]
    public void ImageSetPairsImagesWithLabels()
    {
        using var dir = new TempFolder();
        var px = Synthetic.RandomBytes(6 * 28 * 28, 3);
        IdxFile.Write(dir.File("train-images-idx3-ubyte.gz"), [6, 28, 28], px, gzip: true);
        IdxFile.Write(dir.File("train-labels.idx1-ubyte"), [6], [0, 1, 2, 9, 8, 7]);
        IdxFile.Write(dir.File("t10k-images-idx3-ubyte"), [2, 28, 28], new byte[2 * 784]);
        IdxFile.Write(dir.File("t10k-labels-idx1-ubyte"), [2], [5, 5]);
        var sets = Mnist.Load(dir.Path);
        Assert.Equal(6, sets.Train.Count);
        Assert.Equal(2, sets.Test.Count);
        Assert.Equal(9, sets.Train.Label(3));
        Assert.Equal(px.AsSpan(784, 784).ToArray(), sets.Train.Source.Image(1).ToArray());
        // Not the official files: loaded from a named folder, and the data set's name says so (the MD5 of the
        // decompressed gzip content is what is compared).
        Assert.Equal(Mnist.UnofficialName, sets.Name);
        Assert.Contains("the MD5 of train-images-idx3-ubyte.gz is", Mnist.Verify([dir.File("train-images-idx3-ubyte.gz")]));
        string? problem = Mnist.Verify([dir.File("t10k-labels-idx1-ubyte")]);
        Assert.Contains("the official t10k-labels-idx1-ubyte has 27ae3e4e09519cfbb04c329615203637", problem);
        Assert.Contains("is not one of the official file names", Mnist.Verify([dir.File("other-idx3-ubyte")]) ?? "");
    }

    [Fact]
    public void ImageSetRejectsCountMismatchAndBadLabels()
    {
        using var dir = new TempFolder();
        IdxFile.Write(dir.File("i"), [3, 28, 28], new byte[3 * 784]);
        IdxFile.Write(dir.File("l2"), [2], [0, 1]);
        IdxFile.Write(dir.File("l3"), [3], [0, 1, 10]);
        var e1 = Assert.Throws<DataFormatException>(() => IdxImageSet.Load("t", dir.File("i"), dir.File("l2"), Mnist.ClassNames));
        Assert.Contains("3 labels", e1.Expected);
        Assert.Equal("2", e1.Found);
        var e2 = Assert.Throws<DataFormatException>(() => IdxImageSet.Load("t", dir.File("i"), dir.File("l3"), Mnist.ClassNames));
        Assert.Contains("0..9", e2.Expected);
        Assert.Contains("10", e2.Found);
        Assert.Equal(10, e2.Offset);
    }

    [Fact]
    public void MissingFolderNamesTheFilesAndTheFix()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<DataNotFoundException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("setup-data.sh", e.Message);
    }
}
