using KdGan.Models.Kdgan;

namespace KdGan.Runner.Tests;

/// <summary>
/// Every bad input a new user was found to type (issue: experiments as plug-ins) is a usage error: exit code 2, one line
/// naming the option or key and the bad value, no stack trace, and nothing started.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-bad-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertUsageError((int Code, string Out, string Err) r, string message)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}\n{r.Out}\n{r.Err}");
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);            // no stack trace
        Assert.DoesNotContain("Exception", r.Err);
        Assert.DoesNotContain("config:", r.Out);           // nothing started
        Assert.DoesNotContain("pretrained", r.Out);
    }

    private string[] Tiny(params string[] args) =>
        ["train", "--data-dir", TinyMnist.Write(_dir, 60), "--device", "cpu", "--out", Path.Combine(_dir, "runs"), "--cache-dir", "", .. args];

    [Theory]
    [InlineData(new[] { "train", "--gamma", "1e39" }, "kdgan train: --gamma must be a finite number, got Infinity.")]
    [InlineData(new[] { "train", "--lr", "1e39" }, "kdgan train: --lr must be a finite number, got Infinity.")]
    [InlineData(new[] { "train", "--pretrain-epochs", "0", "--epochs", "0" }, "kdgan train: --epochs must be at least 1 when there are no pretraining epochs")]
    [InlineData(new[] { "train", "--device", "cuda:x" }, "kdgan train: --device must be cpu, cuda, cuda:N, ilgpu-cpu or auto, got 'cuda:x'.")]
    [InlineData(new[] { "train", "--method", "gan" }, "kdgan train: --method must be student, mimic, distn, noisy, codis, nagan or kdgan, got 'gan'.")]
    [InlineData(new[] { "train", "--alpha", "0.1", "--alpha", "0.2" }, "kdgan train: Option '--alpha' expects a single argument but 2 were provided.")]
    [InlineData(new[] { "train", "--ALPHA=0.1", "--alpha=0.2" }, "Option '--alpha' expects a single argument but 2 were provided.")]
    [InlineData(new[] { "doctor", "--x" }, "kdgan doctor: Unrecognized command or argument '--x'.")]
    [InlineData(new[] { "reproduce", "mnist", "--sizes", "abc" }, "kdgan reproduce: --sizes expects integers separated by commas, got 'abc'.")]
    [InlineData(new[] { "reproduce", "mnist", "--sizes", "5" }, "kdgan reproduce: --sizes must be at least 10 (one per class), got 5.")]
    [InlineData(new[] { "reproduce", "mnist", "--sizes=100", "--seeds", "0" }, "kdgan reproduce: --seeds must be at least 1, got 0.")]
    [InlineData(new[] { "reproduce", "mnist", "--methods", "kdgan,gan" }, "kdgan reproduce: --methods: unknown method 'gan'")]
    [InlineData(new[] { "reproduce", "cifar" }, "kdgan reproduce: unknown experiment 'cifar' (known: mnist, fashion-mnist, cifar10, mnist-tags, tags or toy-privileged).")]
    [InlineData(new[] { "reproduce", "mnist", "--seed", "3" }, "kdgan reproduce: Unrecognized command or argument '--seed'.")]
    public void BadOptionsFailBeforeAnyWork(string[] args, string message) => AssertUsageError(TinyMnist.Kdgan(args), message);

    [Fact]
    public void ATrainSizeThatWithValidationExceedsTheDataIsAUsageError() =>
        AssertUsageError(TinyMnist.Kdgan(Tiny("--train-size", "50", "--validation-size", "20")),
            "kdgan train: --train-size 50 + validationSize 20 exceed the 60 training examples of MNIST-format files (not the official MNIST).");

    [Fact]
    public void AClassBalancedSubsetThatCannotBeFilledIsAUsageError() =>
        AssertUsageError(TinyMnist.Kdgan(Tiny("--train-size", "25", "--validation-size", "35")),
            "kdgan train: --train-size 25 with validationSize 35 cannot be split: MNIST-format files (not the official MNIST) train: a class-balanced subset of 25 needs 3 examples of class");

    [Theory]
    [InlineData("null", "config file '{0}': key '(file)' holds null")]
    [InlineData("""{"effectiveBatchSize":10}""", "config file '{0}': key 'effectiveBatchSize' is not a configuration key")]
    [InlineData("""{"methd":"nagan"}""", "config file '{0}': key 'methd' is not a configuration key")]
    [InlineData("[1, 2]", "config file '{0}': key '(file)' holds a JSON array")]
    [InlineData("""{"alpha":2}""", "kdgan train: --alpha must be in [0, 1], got 2.")]
    public void ABadConfigFileIsAUsageErrorNamingTheKey(string json, string message)
    {
        string path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, json);
        AssertUsageError(TinyMnist.Kdgan("train", "--config", path), string.Format(message, path));
    }

    [Fact]
    public void AHugeConfigFileIsRefusedWithoutReadingIt()
    {
        string path = Path.Combine(_dir, "huge.json");
        File.WriteAllText(path, "{\"experiment\":\"" + new string('x', 2 << 20) + "\"}");
        var r = TinyMnist.Kdgan("train", "--config", path);
        AssertUsageError(r, "more than the 1,048,576 a configuration file may have");
        Assert.True(r.Err.Length < 1000);
    }

    [Fact]
    public void NamesMatchInAnyCaseAndRunInOneFolder()
    {
        var (cfg, _) = Commands.TrainCommand.Parse(["--METHOD", "KDGAN", "--experiment", "MNIST", "--device", "CPU", "--Mode=Reward"]);
        Assert.Equal((Method.Kdgan, "mnist", "cpu", AdversarialMode.Reward), (cfg.Method, cfg.Experiment, cfg.Device, cfg.Mode));
        Assert.Equal("mnist-kdgan-reward-n100-s1", cfg.RunName);
    }
}
