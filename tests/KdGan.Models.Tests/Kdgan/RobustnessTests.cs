using System.Diagnostics;
using KdGan.Models.Data;
using KdGan.Models.Experiments.MnistLike;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Tensors;

namespace KdGan.Models.Tests.Kdgan;

/// <summary>Runs that survive faults and tell the truth: divergence, exploding losses, the cache's data identity, locks, time, memory.</summary>
public sealed class RobustnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kdgan-robust-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ExperimentConfig Config(Method method, int epochs = 2) => new()
    {
        Method = method, TrainSize = 20, ValidationSize = 20, Seed = 3, BatchSize = 10, PretrainEpochs = 1, Epochs = epochs,
        DNegatives = 2, OutDir = _dir, CacheDir = "",
    };

    [Theory]
    [InlineData(Method.Student, "the loss of C is NaN in main phase epoch 1 step 2")]
    [InlineData(Method.Kdgan, "in game epoch 1 step ")]
    public void ANonFiniteLossStopsTheRunNamingPlayerPhaseEpochStepAndCheckpoint(Method method, string where)
    {
        var cfg = Config(method);
        (cfg.PretrainEpochs, cfg.LearningRate, cfg.CGanLearningRate, cfg.GanLearningRate, cfg.DGanLearningRate) =
            method == Method.Student ? (0, 1e30f, 0, 0, 0) : (1, 5e-4f, 1e30f, 1e30f, 1e30f);
        using var trainer = new Trainer(cfg, TinyDigits.Experiment(), Device.Cpu);
        var e = Assert.Throws<DivergenceException>(() => trainer.Run());
        Assert.Contains(where, e.Message);
        Assert.Contains($"the last good checkpoint is {trainer.CheckpointPath} (after epoch 0)", e.Message);
        // Every line of metrics.jsonl is a finished epoch: nothing half-written, nothing non-finite.
        Assert.All(File.ReadAllLines(trainer.MetricsPath), l => Assert.DoesNotContain("NaN", l));
    }

    [Fact]
    public void AnExplodingFiniteLossIsWarnedOfInTheLogAndInTheMetrics()
    {
        var cfg = Config(Method.Student, epochs: 3);
        (cfg.PretrainEpochs, cfg.LearningRate) = (0, 1e4f);
        var log = new List<string>();
        using var trainer = new Trainer(cfg, TinyDigits.Experiment(), Device.Cpu) { Log = log.Add };
        var result = trainer.Run();
        Assert.Contains(result.Curve, m => m.Warning is { } w && w.Contains("the run is diverging"));
        Assert.Contains(log, l => l.StartsWith("warning: train epoch 1: C's loss", StringComparison.Ordinal));
        Assert.Contains("\"Warning\":\"C", File.ReadAllText(trainer.MetricsPath));
    }

    /// <summary>The same options on two data sets: the second run must pretrain its own T and D, not load the first's.</summary>
    [Fact]
    public void ThePretrainingCacheNeverServesAnotherDataSet()
    {
        var cfg = Config(Method.Kdgan, epochs: 1);
        cfg.CacheDir = Path.Combine(_dir, "cache");
        List<string> Run(TrainTestSets data, string outDir)
        {
            var log = new List<string>();
            var c = cfg.Clone();
            c.OutDir = Path.Combine(_dir, outDir);
            using var t = new Trainer(c, MnistExperiments.FromData(MnistExperiments.Mnist, data), Device.Cpu) { Log = log.Add };
            t.Run();
            return log;
        }
        Assert.DoesNotContain(Run(TinyDigits.Sets(), "a"), l => l.Contains("loaded from"));
        Assert.Contains(Run(TinyDigits.Sets(), "b"), l => l.StartsWith("pretrained T loaded from", StringComparison.Ordinal)); // same data: shared
        Assert.DoesNotContain(Run(TinyDigits.Sets(noiseSeed: 6), "c"), l => l.Contains("loaded from"));   // other pixels: not
    }

    [Fact]
    public void AResumedRunReportsTheTimeOfTheWholeRun()
    {
        var cfg = Config(Method.Student, epochs: 3);
        using (var cts = new CancellationTokenSource())
        using (var t = new Trainer(cfg, TinyDigits.Experiment(), Device.Cpu))
        {
            t.EpochDone = m => { if (m.Phase == "train" && m.Epoch == 2) { Thread.Sleep(1500); cts.Cancel(); } };
            Assert.ThrowsAny<OperationCanceledException>(() => t.Run(cancel: cts.Token));
        }
        using var resumed = new Trainer(cfg, TinyDigits.Experiment(), Device.Cpu);
        var r = resumed.Run(resume: true);
        Assert.True(r.Seconds > 1.5, $"{r.Seconds} s: the time before the interruption is missing");
    }

    [Fact]
    public void ALiveHolderKeepsTheRunFolderAndAStaleLockIsTakenOver()
    {
        string dir = Path.Combine(_dir, "locked");
        Directory.CreateDirectory(dir);
        using var self = Process.GetCurrentProcess();
        File.WriteAllText(Path.Combine(dir, RunLock.FileName), $"{Environment.ProcessId} {self.StartTime.ToUniversalTime().Ticks} {Environment.MachineName}");
        var e = Assert.Throws<RunLockedException>(() => RunLock.Acquire(dir));
        Assert.Contains($"in use by PID {Environment.ProcessId} on {Environment.MachineName}", e.Message);

        File.WriteAllText(Path.Combine(dir, RunLock.FileName), $"{Environment.ProcessId} 42 {Environment.MachineName}"); // our PID, another start: a dead holder
        var log = new List<string>();
        using (RunLock.Acquire(dir, log.Add))
            Assert.Contains(log, l => l.Contains("took over the stale lock"));
        Assert.False(File.Exists(Path.Combine(dir, RunLock.FileName))); // released
    }

    /// <summary>An epoch of every method leaves no tensor alive: the count after each main epoch stays where the first left it.</summary>
    [Theory]
    [InlineData(Method.Student)]
    [InlineData(Method.Mimic)]
    [InlineData(Method.Distn)]
    [InlineData(Method.Noisy)]
    [InlineData(Method.Codis)]
    [InlineData(Method.Nagan)]
    [InlineData(Method.Kdgan)]
    public void AnEpochOfEveryMethodLeavesNoLiveTensors(Method method)
    {
        var live = new List<long>();
        using var trainer = new Trainer(Config(method, epochs: 3), TinyDigits.Experiment(), Device.Cpu);
        trainer.EpochDone = m => { if (m.Phase == "train") live.Add(MemoryStats.Snapshot(Device.Cpu).LiveTensors); };
        trainer.Run();
        Assert.Equal(3, live.Count);
        Assert.Equal(live[0], live[1]);
        Assert.Equal(live[1], live[2]);
    }
}
