using KdGan.Models.Data;

namespace KdGan.Runner.Tests;

/// <summary>`kdgan train --experiment cifar10` on files in the official binary format, and without them.</summary>
public sealed class CifarCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-cifarcli-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MissingFilesStopBeforeAnyWorkNamingThemAndWhereToGetThem()
    {
        var (code, _, err) = TinyMnist.Kdgan(["train", "--experiment", "cifar10", "--data-dir", _dir, "--out", Path.Combine(_dir, "runs")]);
        Assert.Equal(3, code);
        Assert.Contains("missing data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in " + _dir, err);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar.html", err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "runs")));
    }

    [Fact]
    public void TrainRunsKdganOnTinyBinaryBatchesWithThePerSizeDefaultsUnlessGiven()
    {
        var rng = new Random(3);
        for (int b = 1; b <= 6; b++)
        {
            var pixels = new byte[10 * Cifar10.ImageBytes];
            rng.NextBytes(pixels);
            Cifar10.WriteBatch(Path.Combine(_dir, b == 6 ? Cifar10.TestFile : $"data_batch_{b}.bin"), pixels, Enumerable.Range(0, 10).ToArray());
        }
        var (code, output, err) = TinyMnist.Kdgan(["train", "--experiment", "cifar10", "--data-dir", _dir, "--method", "kdgan", "--train-size", "20",
            "--validation-size", "20", "--pretrain-epochs", "1", "--epochs", "1", "--resnet-depth", "8", "--d-negatives", "2", "--device", "cpu",
            "--out", Path.Combine(_dir, "runs"), "--cache-dir", ""]);
        Assert.True(code == 0, output + err);
        Assert.Contains("batchSize 0 -> 50", output);       // the CIFAR default at n <= 500
        Assert.Contains("learningRate 0.0005 -> 0.001", output);
        Assert.Contains("data: CIFAR-10", output);
        Assert.Contains("result: kdgan (gumbel) n=20 seed=1: final test accuracy", output);
    }
}
