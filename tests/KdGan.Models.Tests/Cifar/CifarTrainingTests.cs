using KdGan.Models.Experiments;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Cifar;

/// <summary>
/// The CIFAR-10 experiment end to end on tiny files in the official binary format (<see cref="TinyCifar"/>): every
/// method in both gradient modes for a few steps, the per-n defaults, and an exact resume with batch norm's running
/// statistics in the checkpoint.
/// </summary>
public sealed class CifarTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-cifar-").FullName;
    private readonly string _data;

    public CifarTrainingTests() => _data = TinyCifar.Write(Path.Combine(_dir, "cifar"), perFile: 10);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A few steps: 20 labelled images in batches of 10, one epoch of pretraining and one main epoch, ResNet-8 as T.</summary>
    internal static ExperimentConfig Tiny(string data, string outDir, Method method, AdversarialMode mode = AdversarialMode.Gumbel, int epochs = 1) => new()
    {
        Experiment = "cifar10", DataDir = data, Method = method, Mode = mode, TrainSize = 20, ValidationSize = 20, Seed = 2, BatchSize = 10,
        PretrainEpochs = 1, Epochs = epochs, DNegatives = 2, RewardSamples = 2, ResnetDepth = 8, OutDir = outDir, CacheDir = "",
    };

    /// <summary>Every method; the two game methods in both gradient modes.</summary>
    public static TheoryData<Method, AdversarialMode> EveryMethod => new()
    {
        { Method.Student, AdversarialMode.Gumbel }, { Method.Mimic, AdversarialMode.Gumbel }, { Method.Distn, AdversarialMode.Gumbel },
        { Method.Noisy, AdversarialMode.Gumbel }, { Method.Codis, AdversarialMode.Gumbel }, { Method.Nagan, AdversarialMode.Gumbel },
        { Method.Nagan, AdversarialMode.Reward }, { Method.Kdgan, AdversarialMode.Gumbel }, { Method.Kdgan, AdversarialMode.Reward },
    };

    [Theory]
    [MemberData(nameof(EveryMethod))]
    public void EveryMethodTrainsOnTheBinaryBatchesAndReportsFiniteScores(Method method, AdversarialMode mode)
    {
        var cfg = Tiny(_data, _dir, method, mode);
        cfg.Validate();
        var experiment = ExperimentCatalog.Find("cifar10")!.Load(cfg);
        using var trainer = new Trainer(cfg, experiment, Device.Cpu);
        var result = trainer.Run();
        Assert.Equal(2, result.Curve.Count); // 1 pretraining epoch + 1 main epoch
        Assert.All(result.Curve, m =>
        {
            Assert.InRange(m.TestAccuracy, 0, 1);
            Assert.True(double.IsFinite(m.LossC), $"{method} {mode}: loss {m.LossC}");
        });
        Assert.Equal(MethodTable.Of(method).HasTeacher, result.TeacherTestAccuracy is not null);
    }

    [Fact]
    public void AResumedRunWithBatchNormContinuesExactlyAsIfNeverStopped()
    {
        RunResult Whole()
        {
            using var t = new Trainer(Tiny(_data, Path.Combine(_dir, "whole"), Method.Kdgan, epochs: 3), TinyCifar.Experiment(_data), Device.Cpu);
            return t.Run();
        }
        var whole = Whole();
        using (var first = new Trainer(Tiny(_data, Path.Combine(_dir, "cut"), Method.Kdgan, epochs: 3), TinyCifar.Experiment(_data), Device.Cpu))
        {
            using var stop = new CancellationTokenSource();
            first.EpochDone = m => { if (m.Phase == "train" && m.Epoch == 1) stop.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => first.Run(cancel: stop.Token));
        }
        using var resumed = new Trainer(Tiny(_data, Path.Combine(_dir, "cut"), Method.Kdgan, epochs: 3), TinyCifar.Experiment(_data), Device.Cpu);
        var again = resumed.Run(resume: true);
        Assert.Equal(whole.Curve.Select(m => (m.TestAccuracy, m.LossC, m.LossT, m.LossD)), again.Curve.Select(m => (m.TestAccuracy, m.LossC, m.LossT, m.LossD)));
        Assert.Equal(whole.TeacherTestAccuracy, again.TeacherTestAccuracy); // T's eval uses the restored running statistics
    }

    [Theory]
    [InlineData(500, 50, 100)]
    [InlineData(5000, 128, 50)]
    [InlineData(50000, 128, 20)]
    public void ThePerSizeDefaultsApplyUnlessAKeyIsGiven(int n, int batch, int pretrain)
    {
        var cfg = new ExperimentConfig { Experiment = "cifar10", TrainSize = n };
        cfg.ApplyPresets(new HashSet<string>());
        Assert.Equal((batch, pretrain, 1e-3f, 30), (cfg.BatchSize, cfg.PretrainEpochs, cfg.LearningRate, cfg.Epochs));
        Assert.Equal(n == 50000 ? 0 : 1000, cfg.ValidationSize); // the full-data cell labels every training image
        var given = new ExperimentConfig { Experiment = "cifar10", TrainSize = n, BatchSize = 7 };
        given.ApplyPresets(new HashSet<string> { "batchSize" });
        Assert.Equal(7, given.BatchSize);
        var mnist = new ExperimentConfig { TrainSize = n };
        mnist.ApplyPresets(new HashSet<string>());
        Assert.Equal(0, mnist.BatchSize); // MNIST has no presets: the paper's batch rule
    }

    [Fact]
    public void WithNoValidationSplitTheBestValidationSelectionIsTheLastEvaluation()
    {
        var cfg = Tiny(_data, _dir, Method.Distn, epochs: 2);
        cfg.ValidationSize = 0;
        cfg.Validate();
        using var trainer = new Trainer(cfg, TinyCifar.Experiment(_data), Device.Cpu);
        var result = trainer.Run();
        Assert.All(result.Curve, m => Assert.Equal(RunSelections.NoValidation, m.ValidationAccuracy));
        Assert.Equal(RunSelections.NoValidation, result.BestValidationAccuracy);
        Assert.Equal((result.FinalTestAccuracy, 2), (result.TestAccuracyAtBestValidation, result.BestEpoch));
        Assert.Contains("\"BestValidationAccuracy\":-1", System.Text.Json.JsonSerializer.Serialize(result)); // JSON holds it, as NaN it would not
        Assert.Equal("n/a", RunSelections.Percent(result.BestValidationAccuracy));
        var tooFew = Tiny(_data, _dir, Method.Distn);
        tooFew.ValidationSize = 5;
        Assert.Contains("or 0 for no validation split", Assert.Throws<ConfigException>(tooFew.Validate).Problem);
    }

    [Fact]
    public void TheAuthorsProtocolAndABadResNetDepthAreRefusedNamingTheKey()
    {
        var authors = new ExperimentConfig { Experiment = "cifar10", Protocol = Protocol.Authors };
        Assert.Equal("protocol", Assert.Throws<ConfigException>(authors.Validate).Key);
        var depth = new ExperimentConfig { Experiment = "cifar10", ResnetDepth = 21 };
        Assert.Contains("6k + 2", Assert.Throws<ConfigException>(depth.Validate).Problem);
    }
}

/// <summary>
/// The same runs on ILGPU's CPU accelerator, which executes every kernel thread in software: minutes per method, so a
/// long test (KDGAN_LONG_TESTS=1). The ResNet's own check on that backend runs in the default suite (<see cref="IlgpuResNetTests"/>).
/// </summary>
[Trait("Category", "Long")]
public sealed class IlgpuCifarTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-cifar-ilgpu-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LongTheory("every method on ILGPU's CPU accelerator, minutes each")]
    [MemberData(nameof(CifarTrainingTests.EveryMethod), MemberType = typeof(CifarTrainingTests))]
    public void EveryMethodTrainsOnTheIlgpuCpuAccelerator(Method method, AdversarialMode mode)
    {
        // Half the default suite's tiny run: 10 labelled images in one batch, 10 for validation, 4 test images.
        string data = TinyCifar.Write(Path.Combine(_dir, "cifar"), perFile: 10, test: 4);
        var cfg = CifarTrainingTests.Tiny(data, _dir, method, mode);
        (cfg.TrainSize, cfg.ValidationSize) = (10, 10);
        using var trainer = new Trainer(cfg, TinyCifar.Experiment(data), Devices.IlgpuCpu);
        var result = trainer.Run();
        Assert.Equal(2, result.Curve.Count);
        Assert.All(result.Curve, m => Assert.True(double.IsFinite(m.LossC) && m.TestAccuracy is >= 0 and <= 1, $"{method} {mode} on ilgpu-cpu: {m}"));
    }
}
