using KdGan.Models.Data;

namespace KdGan.Models.Tests.Data;

public class Cifar10Tests
{
    private static (byte[] Pixels, int[] Labels) Records(int n, int seed)
    {
        var px = Synthetic.RandomBytes(n * Cifar10.ImageBytes, seed);
        var labels = Enumerable.Range(0, n).Select(i => (i + seed) % 10).ToArray();
        return (px, labels);
    }

    private static void WriteAll(string dir, int perFile)
    {
        for (int b = 1; b <= 5; b++)
        {
            var (px, l) = Records(perFile, b);
            Cifar10.WriteBatch(Path.Combine(dir, $"data_batch_{b}.bin"), px, l);
        }
        var (tp, tl) = Records(perFile, 9);
        Cifar10.WriteBatch(Path.Combine(dir, Cifar10.TestFile), tp, tl);
    }

    [Fact]
    public void ReadsOfficialRecordLayout()
    {
        using var dir = new TempFolder();
        WriteAll(dir.Path, 4);
        var sets = Cifar10.Load(dir.Path);
        Assert.Equal(20, sets.Train.Count);
        Assert.Equal(4, sets.Test.Count);
        var src = sets.Train.Source;
        Assert.Equal((3, 32, 32), (src.Channels, src.Height, src.Width));
        // Record 1 of data_batch_2 is example 5: label byte then R, G, B planes, as written.
        var raw = File.ReadAllBytes(Path.Combine(dir.Path, "data_batch_2.bin"));
        Assert.Equal(raw[Cifar10.RecordBytes], (byte)src.Labels[5]);
        Assert.Equal(raw.AsSpan(Cifar10.RecordBytes + 1, Cifar10.ImageBytes).ToArray(), src.Image(5).ToArray());
        Assert.Equal("airplane", src.ClassNames[0]);
    }

    [Fact]
    public void TruncatedBatchNamesFileAndRecordSize()
    {
        using var dir = new TempFolder();
        WriteAll(dir.Path, 2);
        string p = Path.Combine(dir.Path, "data_batch_3.bin");
        var raw = File.ReadAllBytes(p);
        File.WriteAllBytes(p, raw[..^10]);
        var e = Assert.Throws<DataFormatException>(() => Cifar10.Load(dir.Path));
        Assert.Contains(p, e.Message);
        Assert.Contains("3073", e.Expected);
        Assert.Contains("left over", e.Found);
        Assert.Equal(Cifar10.RecordBytes, e.Offset);
    }

    [Fact]
    public void BadLabelByteIsReported()
    {
        using var dir = new TempFolder();
        WriteAll(dir.Path, 2);
        string p = Path.Combine(dir.Path, Cifar10.TestFile);
        var raw = File.ReadAllBytes(p);
        raw[Cifar10.RecordBytes] = 77;
        File.WriteAllBytes(p, raw);
        var e = Assert.Throws<DataFormatException>(() => Cifar10.Load(dir.Path));
        Assert.Contains("record 1", e.Expected);
        Assert.Equal("77", e.Found);
    }

    [Fact]
    public void MissingFilesSayWhereToPutThem()
    {
        using var dir = new TempFolder();
        Assert.False(Cifar10.IsInstalled(dir.Path));
        var e = Assert.Throws<DataNotFoundException>(() => Cifar10.Load(dir.Path));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("data_batch_1.bin", e.Message);
        Assert.Contains("KDGAN_CIFAR10", e.Message);
        Assert.Contains("cannot be downloaded", e.Message);
    }
}
