using System.Text.Json.Nodes;
using KdGan.Models.Data;
using KdGan.Models.Experiments.MnistLike;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Kdgan;

/// <summary>
/// Files written before the typed configuration keep working: config.json as the string-typed configuration wrote it
/// (with its derived effectiveBatchSize), and a checkpoint whose metadata holds such a configuration.
/// </summary>
public sealed class StoredConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-stored-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>config.json of a KDGAN run of `kdgan reproduce mnist` as the string-typed configuration wrote it.</summary>
    private const string OldReproduceConfig =
        """{"experiment":"mnist","method":"kdgan","trainSize":100,"validationSize":1000,"seed":1,"device":"cpu","dataDir":null,"mode":"gumbel","alpha":0.1,"beta":2,"gamma":0.0001,"distill":"kl","temperature":3,"distnWeight":0.7,"codisWeight":1,"batchSize":0,"learningRate":0.0005,"ganLearningRate":2E-05,"cGanLearningRate":0,"dGanLearningRate":0.0005,"pretrainEpochs":30,"epochs":30,"dPasses":1,"tPasses":1,"cPasses":1,"dNegatives":5,"rewardSamples":5,"tauStart":1,"tauEnd":0.1,"augment":"auto","studentDropout":0.5,"teacherDropout":0.5,"outDir":"runs/reproduce","cacheDir":"runs/reproduce/cache","effectiveBatchSize":10}""";

    [Fact]
    public void AConfigJsonOfTheStringTypedConfigurationReadsAsTheSameRun()
    {
        var stored = ExperimentConfig.FromStoredJson(OldReproduceConfig);
        Assert.Equal((Method.Kdgan, AdversarialMode.Gumbel, DistillLoss.Kl, Augment.Auto), (stored.Method, stored.Mode, stored.Distill, stored.Augment));
        var today = new ExperimentConfig { Device = "cpu", OutDir = "runs/reproduce", CacheDir = "runs/reproduce/cache" };
        Assert.Empty(stored.Effective().Differences(today.Effective()));
        Assert.DoesNotContain("effectiveBatchSize", today.ToJson()); // derived, not a key: no longer written
    }

    [Theory]
    [InlineData("""{"effectiveBatchSize":10}""", "effectiveBatchSize", "is not a configuration key")]
    [InlineData("null", "(file)", "holds null")]
    [InlineData("""{"method":"gan"}""", "method", "expected student, mimic, distn, noisy, codis, nagan or kdgan, got 'gan'")]
    [InlineData("""{"alpha":"high"}""", "alpha", "is not valid")]
    public void AUsersFileWithABadKeyOrValueNamesIt(string json, string key, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.FromJson(json));
        Assert.Equal(key, e.Key);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void NamesAreReadInAnyCaseAndWrittenInOne()
    {
        var cfg = ExperimentConfig.FromJson("""{"method":"KDGAN","mode":"Reward","distill":"L2","augment":"OFF","experiment":"Fashion-MNIST","device":"CPU"}""");
        Assert.Equal((Method.Kdgan, AdversarialMode.Reward, DistillLoss.L2, Augment.Off), (cfg.Method, cfg.Mode, cfg.Distill, cfg.Augment));
        Assert.Contains("\"method\":\"kdgan\",", cfg.ToJson());
        Assert.Contains("\"experiment\":\"fashion-mnist\",", cfg.ToJson());
        Assert.Contains("\"device\":\"cpu\",", cfg.ToJson());
        Assert.Equal("fashion-mnist-kdgan-reward-n100-s1", cfg.RunName);
    }

    [Fact]
    public void ACheckpointHoldingTheStringTypedConfigurationResumes()
    {
        var cfg = new ExperimentConfig
        {
            Method = Method.Nagan, TrainSize = 20, ValidationSize = 20, Seed = 3, BatchSize = 10, PretrainEpochs = 1, Epochs = 2,
            DNegatives = 2, OutDir = _dir, CacheDir = "",
        };
        var experiment = TinyDigits.Experiment();
        RunResult full;
        using (var t = new Trainer(cfg, experiment, Device.Cpu)) full = t.Run();

        // The same run stopped after epoch 1, its checkpoint's configuration rewritten as the old code wrote it.
        var stopped = cfg.Clone();
        stopped.OutDir = Path.Combine(_dir, "old");
        string checkpoint;
        using (var cts = new CancellationTokenSource())
        using (var t = new Trainer(stopped, experiment, Device.Cpu))
        {
            checkpoint = t.CheckpointPath;
            t.EpochDone = m => { if (m.Phase == "train" && m.Epoch == 1) cts.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => t.Run(cancel: cts.Token));
        }
        var old = JsonNode.Parse(OldReproduceConfig)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(stopped.ToJson())!.AsObject()) old[key] = value?.DeepClone();
        old["method"] = "nagan";
        old["alpha"] = 1; // `kdgan reproduce` stored NaGAN's alpha as 1, `kdgan train` as 0.1: NaGAN reads neither
        old["effectiveBatchSize"] = 10;
        KdGan.Models.Checkpoints.SafeTensors.SetMetadata(checkpoint, "config", old.ToJsonString());

        using var resumed = new Trainer(stopped, experiment, Device.Cpu);
        var r = resumed.Run(resume: true);
        Assert.Equal(full.Curve.Select(m => (m.LossC, m.LossD, m.TestAccuracy)), r.Curve.Select(m => (m.LossC, m.LossD, m.TestAccuracy)));
    }
}
