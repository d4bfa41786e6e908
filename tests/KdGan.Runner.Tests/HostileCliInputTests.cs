using System.Diagnostics;
using KdGan.Models.Checkpoints;

namespace KdGan.Runner.Tests;

/// <summary>
/// A sweep of hostile paths, files and checkpoints through the CLI: each ends with one message and the exit code of
/// its kind (2 usage, 3 data, 4 checkpoint), never a stack trace, never a hang.
/// </summary>
public sealed class HostileCliInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-hostile-").FullName;
    private readonly string _data;
    private readonly string _run;

    public HostileCliInputTests()
    {
        _data = TinyMnist.Write(_dir, 60);
        var (code, _, err) = TinyMnist.Kdgan(Train("runs"));
        Assert.True(code == 0, err);
        _run = Path.Combine(_dir, "runs", "mnist-student-gumbel-n20-s1");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Train(string outDir, params string[] extra) =>
        ["train", "--data-dir", _data, "--device", "cpu", "--method", "student", "--train-size", "20", "--validation-size", "20",
         "--pretrain-epochs", "1", "--epochs", "2", "--out", Path.Combine(_dir, outDir), "--cache-dir", "", .. extra];

    private static void Expect(int code, (int Code, string Out, string Err) r, string message)
    {
        Assert.True(r.Code == code, $"exit {r.Code}, expected {code}:\n{r.Err}");
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("Unhandled", r.Err);
    }

    /// <summary>A copy of the run whose checkpoint has one metadata entry replaced.</summary>
    private string RunWith(string key, string value)
    {
        string copy = Path.Combine(_dir, "copies", key + value.GetHashCode(), "mnist-student-gumbel-n20-s1");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(_run)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        SafeTensors.SetMetadata(Path.Combine(copy, "checkpoint.safetensors"), key, value);
        return copy;
    }

    [Theory]
    [InlineData("epoch", "2147483647", "metadata 'epoch' is 2147483647, outside this run's 0..2")]
    [InlineData("epoch", "-3", "metadata 'epoch' is -3, outside this run's 0..2")]
    [InlineData("passes", "{\"c\":-5}", "metadata 'passes' holds a negative count")]
    [InlineData("optim.c.step", "x", "optimizer 'c' has step \"x\"")]
    public void ResumingACheckpointWithBadMetadataIsRefusedWithExit4(string key, string value, string message)
    {
        string copy = RunWith(key, value);
        var clock = Stopwatch.StartNew();
        Expect(4, TinyMnist.Kdgan(Train(Path.GetDirectoryName(copy)!, "--resume")), message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void OptimizerStateOfTheWrongShapeIsRefusedWithExit4()
    {
        string copy = Path.Combine(_dir, "shape", "mnist-student-gumbel-n20-s1");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(_run)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        string ckpt = Path.Combine(copy, "checkpoint.safetensors");
        var (tensors, meta) = SafeTensors.Read(ckpt);
        var key = tensors.Keys.First(k => k.StartsWith("optim.c.", StringComparison.Ordinal) && k.EndsWith(".exp_avg", StringComparison.Ordinal));
        tensors[key].Dispose();
        tensors[key] = KdGan.Tensors.Tensor.Zeros([3]);
        SafeTensors.Write(ckpt, tensors, meta);
        foreach (var t in tensors.Values) t.Dispose();
        Expect(4, TinyMnist.Kdgan(Train(Path.Combine(_dir, "shape"), "--resume")), "has shape [3] in the checkpoint");
    }

    [Fact]
    public void BadPathsEndWithTheirExitCode()
    {
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        string fifo = Path.Combine(_dir, "fifo");
        Process.Start("mkfifo", fifo)!.WaitForExit();
        Expect(2, TinyMnist.Kdgan(Train(Path.Combine(file, "runs"))), "--out cannot be a folder");
        Expect(2, TinyMnist.Kdgan([.. Train("x"), "--config", _dir]), "is a directory, not a configuration file");
        Expect(2, TinyMnist.Kdgan([.. Train("x"), "--config", "/dev/zero"]), "is a character device, not a regular file");
        Expect(2, TinyMnist.Kdgan([.. Train("x"), "--config", fifo]), "is a FIFO (named pipe)");
        Expect(4, TinyMnist.Kdgan("eval", Path.Combine(_run, "metrics.jsonl")), "metrics.jsonl");
        Expect(4, TinyMnist.Kdgan("export", fifo, "--out", Path.Combine(_dir, "c.safetensors")), "is a FIFO (named pipe)");
        Expect(2, TinyMnist.Kdgan("eval", Path.Combine(_dir, "nowhere")), "does not exist");
        Expect(3, TinyMnist.Kdgan(Train("x") is var a ? [.. a[..2], _dir, .. a[3..]] : []), "expected train-images-idx3-ubyte");
    }

    [Fact]
    public void CorruptDataFilesEndWithExit3()
    {
        string bad = Path.Combine(_dir, "bad-data");
        Directory.CreateDirectory(bad);
        foreach (var f in Directory.GetFiles(_data)) File.Copy(f, Path.Combine(bad, Path.GetFileName(f)));
        string images = Path.Combine(bad, "train-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..(bytes.Length / 2)]);
        var args = Train("x");
        args[2] = bad;
        Expect(3, TinyMnist.Kdgan(args), "(truncated)");
    }
}
