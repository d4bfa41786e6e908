using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using KdGan.Models.Checkpoints;
using KdGan.Models.Data;
using KdGan.Models.Kdgan;

namespace KdGan.Models.Tests.Hostile;

/// <summary>
/// Every hostile input the issue lists is refused by the reader's own exception, naming the file and what was wrong,
/// with work and memory bounded by what the file holds.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-hostile-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Refused<T>(Action read, string path, string message) where T : Exception
    {
        var e = Assert.Throws<T>(read);
        Assert.Contains(path, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""", "duplicate")]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,24]}}""", "tensor 'w' has no 'shape'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2,3]}}""", "tensor 'w' has no 'data_offsets'")]
    [InlineData(""" {"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""", "must start with '{' at byte 8, found byte 0x20")]
    [InlineData("""{"w":null}""", "tensor 'w' is null")]
    public void SafetensorsHeadersThatAreNotTheFormatAreRefused(string header, string message)
    {
        string path = Write("bad.safetensors", HostileFiles.SafeTensors(header));
        Refused<CheckpointFormatException>(() => SafeTensors.Read(path), path, message);
    }

    [Fact]
    public void ASafetensorsNameThatIsNotUtf8IsRefused()
    {
        var file = HostileFiles.SafeTensors();
        int at = Encoding.UTF8.GetString(file).IndexOf("\"w\"", StringComparison.Ordinal) + 1;
        file[at] = 0xFF;
        string path = Write("utf8.safetensors", file);
        Refused<CheckpointFormatException>(() => SafeTensors.Read(path), path, "the JSON header is not valid UTF-8");
    }

    [Fact]
    public void AGzipIdxWhoseHeaderClaimsAMillionImagesFailsWithoutAllocatingThem()
    {
        var idx = HostileFiles.Idx([1_000_000, 28, 28], dataBytes: 50_000);
        string path = Write("claims.gz", HostileFiles.Gzip(idx));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Refused<DataFormatException>(() => IdxFile.Read(path), path, "(truncated)");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "allocated as the header claimed, not as the file holds");
    }

    [Fact]
    public void AGzipIdxWithoutItsTrailerIsRefused()
    {
        var gz = HostileFiles.Gzip(HostileFiles.Idx([10, 4]));
        string path = Write("notrailer.gz", gz[..^8]);
        Assert.NotNull(HostileFiles.Outcome(() => IdxFile.Read(path))); // refused (where exactly depends on the cut)
        string whole = Write("whole.gz", gz);
        Assert.Equal([10, 4], IdxFile.Read(whole).Dims);
    }

    [Theory]
    [InlineData(0, 28)]
    [InlineData(28, 0)]
    public void ImagesWithNoRowsOrColumnsAreRefused(int rows, int columns)
    {
        string images = Write("images-idx3-ubyte", HostileFiles.Idx([2, rows, columns]));
        string labels = Write("labels-idx1-ubyte", HostileFiles.Idx([2]));
        Refused<DataFormatException>(() => IdxImageSet.Load("x", images, labels, Mnist.ClassNames), images, "images of at least 1 x 1 pixel");
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 1), }", "a shape of non-negative sizes below 2^31")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,, 4), }", "(3,, 4)")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 4), }", "a shape of non-negative sizes")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536), }", "at most 2147483591 elements")]
    public void NpyShapesThatOverflowOrAreNotShapesAreRefused(string dict, string message)
    {
        string path = Write("bad.npy", HostileFiles.Npy(dict, new byte[16]));
        Refused<DataFormatException>(() => NpyFile.Read(path), path, message);
    }

    [Fact]
    public void ANpyHeaderLengthBeyondTheFileIsRefused()
    {
        var file = HostileFiles.Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        file[6] = 2;
        var v2 = new byte[file.Length + 2];
        file.AsSpan(0, 8).CopyTo(v2);
        BinaryPrimitives.WriteUInt32LittleEndian(v2.AsSpan(8), 0xFFFFFFF0);
        string path = Write("huge-header.npy", v2);
        Refused<DataFormatException>(() => NpyFile.Read(path), path, "(truncated)");
    }

    [Fact]
    public void AnEmptyCifarBatchAndADeviceAreRefused()
    {
        string empty = Write("data_batch_1.bin", []);
        Refused<DataFormatException>(() => Cifar10.ReadBatches("c", [empty]), empty, "an empty file");
        Refused<DataFormatException>(() => Cifar10.ReadBatches("c", ["/dev/zero"]), "/dev/zero", "is a character device, not a regular file");
    }

    [Fact]
    public void AFifoAndADirectoryAreRefusedWithoutBlocking()
    {
        string fifo = Path.Combine(_dir, "fifo");
        Process.Start("mkfifo", fifo)!.WaitForExit();
        var clock = Stopwatch.StartNew();
        Refused<DataFormatException>(() => IdxFile.Read(fifo), fifo, "is a FIFO (named pipe), not a regular file");
        Refused<CheckpointFormatException>(() => SafeTensors.Read(_dir), _dir, "is a directory, not a checkpoint");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void ASymlinkLoopIsRefused()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        Refused<DataFormatException>(() => IdxFile.Read(a), a, "symbolic link loop");
    }

    [Fact]
    public void TagTextThatIsNotUtf8IsRefused()
    {
        File.WriteAllBytes(Path.Combine(_dir, "train.jsonl"), [.. "{\"id\":\"1\",\"text\":\"caf"u8, 0xC3, 0x28, .. "\",\"tags\":[\"x\"]}\n"u8]);
        NpyFile.Write(Path.Combine(_dir, "train.npy"), [1, 2], new byte[2]);
        Refused<DataFormatException>(() => TagDatasetFiles.Read(_dir, "train"), "train.jsonl", "line 1 is not valid UTF-8 text");
    }

    [Theory]
    [InlineData("""{"alpha":0.1,"alpha":0.2}""", "(file)", "a key given twice is refused")]
    [InlineData("""{"batchSize":2147483647}""", "batchSize", "must be at most 10,000,000")]
    [InlineData("""{"gamma":Infinity}""", "(file)", "is not valid JSON")]
    public void ConfigurationsWithDuplicateKeysOrValuesOutOfRangeAreRefused(string json, string key, string message)
    {
        var e = Assert.Throws<ConfigException>(() => { var c = ExperimentConfig.FromJson(json); c.Validate(); });
        Assert.Equal(key, e.Key);
        Assert.Contains(message, e.Message);
    }
}
