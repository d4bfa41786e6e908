using KdGan.Models.Data;
using KdGan.Models.Experiments;
using KdGan.Models.Experiments.MnistLike;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Kdgan;

/// <summary>Short runs of the trainer on tiny generated data (<see cref="TinyDigits"/>): every method, determinism, exact resume, bad options.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-train-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>100 images (10 per class) whose pixels encode the label plus noise, split 80 / 20.</summary>
    private static IExperiment Tiny() => TinyDigits.Experiment();

    private ExperimentConfig Config(string method, string mode = "gumbel", int epochs = 2) => new()
    {
        Method = Parse<Method>(method), Mode = Parse<AdversarialMode>(mode), TrainSize = 20, ValidationSize = 20, Seed = 3, BatchSize = 10,
        PretrainEpochs = 1, Epochs = epochs, DNegatives = 2, RewardSamples = 2, OutDir = _dir, CacheDir = "",
    };

    private static T Parse<T>(string name) where T : struct, Enum => Names.TryParse(name, out T v) ? v : throw new ArgumentException(name);

    [Theory]
    [InlineData("student", "gumbel")]
    [InlineData("mimic", "gumbel")]
    [InlineData("distn", "gumbel")]
    [InlineData("noisy", "gumbel")]
    [InlineData("codis", "gumbel")]
    [InlineData("nagan", "gumbel")]
    [InlineData("kdgan", "gumbel")]
    [InlineData("kdgan", "reward")]
    public void EveryMethodRunsAndReportsFiniteMetrics(string method, string mode)
    {
        using var trainer = new Trainer(Config(method, mode), Tiny(), Device.Cpu);
        var result = trainer.Run();
        Assert.Equal(3, result.Curve.Count); // 1 pretraining epoch + 2 main epochs
        Assert.All(result.Curve, m =>
        {
            Assert.InRange(m.TestAccuracy, 0, 1);
            Assert.True(double.IsFinite(m.LossC), $"{method}: loss {m.LossC}");
        });
        Assert.Equal(method, result.Method);
        Assert.Equal(mode, result.Mode);
        Assert.True(File.Exists(trainer.MetricsPath));
        Assert.Equal(3, File.ReadAllLines(trainer.MetricsPath).Length);
        Assert.Equal(MethodTable.Of(Parse<Method>(method)).HasTeacher, result.TeacherTestAccuracy is not null);
    }

    [Fact]
    public void TheSameSeedGivesTheSameNumbersBitForBit()
    {
        RunResult Once(string sub)
        {
            var cfg = Config("kdgan");
            cfg.OutDir = Path.Combine(_dir, sub);
            using var t = new Trainer(cfg, Tiny(), Device.Cpu);
            return t.Run();
        }
        var a = Once("a");
        var b = Once("b");
        Assert.Equal(a.Curve.Select(m => (m.LossC, m.LossT, m.LossD, m.ValidationAccuracy, m.TestAccuracy)),
                     b.Curve.Select(m => (m.LossC, m.LossT, m.LossD, m.ValidationAccuracy, m.TestAccuracy)));
    }

    [Theory]
    [InlineData(Protocol.Fair)]
    [InlineData(Protocol.Authors)] // its pretrained C is one cached unit: one curve row, not one per epoch
    public void AResumedRunContinuesExactlyAsIfNeverStopped(Protocol protocol)
    {
        ExperimentConfig Stoppable(string sub)
        {
            var c = Config("kdgan", epochs: 3);
            c.Protocol = protocol;
            if (protocol == Protocol.Authors) (c.PretrainEpochs, c.DPasses, c.TPasses, c.CPasses, c.DNegatives, c.RewardSamples) = (2, 1, 1, 1, 2, 2);
            c.OutDir = Path.Combine(_dir, sub);
            return c;
        }
        var full = Stoppable("full");
        RunResult expected;
        using (var t = new Trainer(full, Tiny(), Device.Cpu)) expected = t.Run();

        var cfg = Stoppable("stopped");
        using (var cts = new CancellationTokenSource())
        using (var t = new Trainer(cfg, Tiny(), Device.Cpu))
        {
            t.EpochDone = m => { if (m.Phase == "train" && m.Epoch == 1) cts.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => t.Run(cancel: cts.Token));
        }
        RunResult resumed;
        using (var t = new Trainer(cfg, Tiny(), Device.Cpu)) resumed = t.Run(resume: true);
        Assert.Equal(expected.Curve.Select(m => (m.LossC, m.LossT, m.LossD, m.TestAccuracy)),
                     resumed.Curve.Select(m => (m.LossC, m.LossT, m.LossD, m.TestAccuracy)));
    }

    [Fact]
    public void ResumingFromACheckpointOfAnotherConfigurationFailsNamingTheFile()
    {
        var cfg = Config("kdgan", epochs: 1);
        using (var t = new Trainer(cfg, Tiny(), Device.Cpu)) t.Run();
        cfg.Beta = 0.5f;
        using var again = new Trainer(cfg, Tiny(), Device.Cpu);
        var e = Assert.Throws<KdGan.Models.Checkpoints.CheckpointFormatException>(() => again.Run(resume: true));
        Assert.Contains(again.CheckpointPath, e.Message);
        Assert.Contains("different configuration (beta 2 -> 0.5)", e.Message);
    }

    [Fact]
    public void AdversarialLearningRatesFallBackFromThePlayerToTheMethodOrGanLrToLr()
    {
        var cfg = new ExperimentConfig();
        (float, float, float) Rates() => (cfg.AdversarialLearningRate(Role.Student), cfg.AdversarialLearningRate(Role.Teacher), cfg.AdversarialLearningRate(Role.Discriminator));
        Assert.Equal((1e-3f, 2e-5f, 5e-4f), Rates());
        cfg.Method = Method.Nagan;
        Assert.Equal((1e-4f, 2e-5f, 5e-4f), Rates());
        (cfg.CGanLearningRate, cfg.DGanLearningRate, cfg.GanLearningRate) = (3e-3f, 0, 0);
        Assert.Equal((3e-3f, 5e-4f, 5e-4f), Rates()); // T and D fall back to --lr
        cfg.GanLearningRate = 1e-2f;
        Assert.Equal((3e-3f, 1e-2f, 1e-2f), Rates());
    }

    /// <summary>
    /// The claim behind <see cref="ExperimentConfig.Effective"/>: every option it puts back to its default is one the
    /// method never reads. Each method is trained twice, once with all such options changed, and must not notice.
    /// </summary>
    [Theory]
    [InlineData("student")]
    [InlineData("mimic")]
    [InlineData("distn")]
    [InlineData("noisy")]
    [InlineData("codis")]
    [InlineData("nagan")]
    [InlineData("kdgan")]
    public void OptionsTheEffectiveConfigurationDropsDoNotChangeTraining(string method)
    {
        var plain = Config(method, epochs: 1);
        var changed = plain.Clone();
        (changed.Mode, changed.Alpha, changed.Beta, changed.Gamma, changed.Distill, changed.Temperature) = (AdversarialMode.Reward, 0.7f, 0.3f, 0.5f, DistillLoss.L2, 5f);
        (changed.DistnWeight, changed.CodisWeight, changed.GanLearningRate, changed.CGanLearningRate, changed.DGanLearningRate) = (0.2f, 3f, 1e-3f, 2e-3f, 3e-3f);
        (changed.DPasses, changed.TPasses, changed.CPasses, changed.DNegatives, changed.RewardSamples) = (2, 2, 2, 3, 4);
        (changed.TauStart, changed.TauEnd, changed.TeacherDropout) = (2f, 0.5f, 0.3f);
        changed.OutDir = Path.Combine(_dir, "changed");
        // Keep the change only where Effective() drops the option for this method.
        var dropped = new List<string>();
        foreach (var p in typeof(ExperimentConfig).GetProperties().Where(p => p.CanWrite && p.Name != nameof(ExperimentConfig.OutDir)))
        {
            var probe = plain.Clone();
            p.SetValue(probe, p.GetValue(changed));
            if (probe.Effective().ToJson() == plain.Effective().ToJson() && !Equals(p.GetValue(changed), p.GetValue(plain))) dropped.Add(p.Name);
            else p.SetValue(changed, p.GetValue(plain));
        }
        if (method == "kdgan") // in Gumbel mode: the reward mode's sample count is not read either
            Assert.Equal([nameof(ExperimentConfig.DistnWeight), nameof(ExperimentConfig.CodisWeight), nameof(ExperimentConfig.RewardSamples)], dropped);
        if (method == "student") Assert.Equal(19, dropped.Count); // everything changed above
        using var a = new Trainer(plain, Tiny(), Device.Cpu);
        using var b = new Trainer(changed, Tiny(), Device.Cpu);
        var (ra, rb) = (a.Run(), b.Run());
        Assert.Equal(ra.Curve.Select(m => (m.ValidationAccuracy, m.TestAccuracy, m.LossC, m.LossT, m.LossD)),
                     rb.Curve.Select(m => (m.ValidationAccuracy, m.TestAccuracy, m.LossC, m.LossT, m.LossD)));
    }

    [Fact]
    public void AStoredConfigurationFromBeforeThePerPlayerRatesReadsAsThatRunBehaved()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(new ExperimentConfig { GanLearningRate = 3e-5f }.ToJson())!.AsObject();
        json.Remove("cGanLearningRate");
        json.Remove("dGanLearningRate");
        var stored = ExperimentConfig.FromStoredJson(json.ToJsonString());
        Assert.Equal((3e-5f, 3e-5f, 3e-5f), (stored.AdversarialLearningRate(Role.Student), stored.AdversarialLearningRate(Role.Teacher), stored.AdversarialLearningRate(Role.Discriminator)));
        var written = ExperimentConfig.FromJson(json.ToJsonString()); // a user's file: today's defaults
        Assert.Equal((1e-3f, 5e-4f), (written.AdversarialLearningRate(Role.Student), written.AdversarialLearningRate(Role.Discriminator)));
    }

    [Theory]
    [InlineData("mnist", Augment.Auto, Augment.All)]
    [InlineData("fashion-mnist", Augment.Auto, Augment.Off)]
    [InlineData("fashion-mnist", Augment.All, Augment.All)]
    [InlineData("mnist", Augment.Main, Augment.Main)]
    public void AutoAugmentationIsTheAffineForDigitsAndNoneForClothes(string experiment, Augment augment, Augment effective)
    {
        var cfg = new ExperimentConfig { Experiment = experiment, Augment = augment };
        Assert.Equal(effective, cfg.EffectiveAugment);
        Assert.Equal(effective, cfg.Effective().Augment); // "auto" and its resolution compare equal
        Assert.Equal((effective == Augment.All, effective != Augment.Off), (cfg.AugmentPretraining, cfg.AugmentMainPhase));
    }

    [Fact]
    public void AugmentationAppliesToThePhasesItNames()
    {
        IReadOnlyList<EpochMetrics> Curve(string augment)
        {
            var cfg = Config("student");
            cfg.Augment = Parse<Augment>(augment);
            cfg.OutDir = Path.Combine(_dir, augment);
            using var t = new Trainer(cfg, Tiny(), Device.Cpu);
            return t.Run().Curve;
        }
        var (off, main, all) = (Curve("off"), Curve("main"), Curve("all"));
        // Pretraining (the first epoch) sees augmented images only with "all"; the main phase with "main" and "all".
        Assert.Equal(off[0].LossC, main[0].LossC);
        Assert.NotEqual(main[0].LossC, all[0].LossC);
        Assert.NotEqual(off[1].LossC, main[1].LossC);
    }

    [Theory]
    [InlineData("alpha", "alpha must be in [0, 1], got 1.5.")]
    [InlineData("cGanLearningRate", "cGanLearningRate must be >= 0, got -1.")]
    [InlineData("dGanLearningRate", "dGanLearningRate must be a finite number, got NaN.")]
    [InlineData("gamma", "gamma must be a finite number, got Infinity.")]
    [InlineData("experiment", "experiment must be mnist, fashion-mnist, cifar10, mnist-tags, tags or toy-privileged, got 'imagenet'.")]
    [InlineData("device", "device must be cpu, cuda, cuda:N, ilgpu-cpu or auto, got 'cuda:x'.")]
    [InlineData("epochs", "epochs must be at least 1 when there are no pretraining epochs")]
    [InlineData("trainSize", "trainSize 90 + validationSize 20 exceed the 80 training examples of tiny.")]
    [InlineData("validationSize", "trainSize 25 with validationSize 55 cannot be split: tiny: a class-balanced subset of 25 needs 3 examples of class")]
    public void BadValuesAreRejectedBeforeAnyWorkNamingTheKey(string key, string message)
    {
        var cfg = Config("kdgan");
        switch (key)
        {
            case "alpha": cfg.Alpha = 1.5f; break;
            case "experiment": cfg.Experiment = "ImageNet"; break;
            case "cGanLearningRate": cfg.CGanLearningRate = -1; break;
            case "dGanLearningRate": cfg.DGanLearningRate = float.NaN; break;
            case "gamma": cfg.Gamma = float.PositiveInfinity; break;
            case "device": cfg.Device = "CUDA:x"; break;
            case "epochs": (cfg.PretrainEpochs, cfg.Epochs) = (0, 0); break;
            case "trainSize": cfg.TrainSize = 90; break;
            case "validationSize": (cfg.TrainSize, cfg.ValidationSize) = (25, 55); break;
        }
        var e = Assert.Throws<ConfigException>(() => new Trainer(cfg, Tiny(), Device.Cpu));
        Assert.Contains(message, e.Message);
        Assert.Equal(key == "validationSize" ? "trainSize" : key, e.Key);
    }

    [Fact]
    public void TauAnnealsExponentiallyFromStartToEnd()
    {
        var cfg = Config("kdgan", epochs: 5);
        using var t = new Trainer(cfg, Tiny(), Device.Cpu);
        Assert.Equal(1f, t.Tau(1), 5);
        Assert.Equal(0.1f, t.Tau(5), 5);
        Assert.Equal(MathF.Sqrt(0.1f), t.Tau(3), 5);
    }
}
