using System.Diagnostics;
using System.Text.Json;
using KdGan.Models.Data;
using KdGan.Models.Experiments;
using KdGan.Models.Kdgan;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Training;

/// <summary>
/// The run loop, written once for every method and experiment: pretraining (T and D as classifiers through the
/// <see cref="PretrainCache"/>, then C's pretraining epochs), the main epochs of the method
/// (<see cref="MethodSpec.Phases"/>), an evaluation after every epoch (appended to metrics.jsonl) and a checkpoint after
/// every epoch, from which <see cref="Run"/> with resume continues exactly. Every method gets the same budget of C epochs
/// and reports the final test score and the test score at the best validation epoch.
/// Randomness: counter-based generators per player (initialisation, dropout) and for label sampling, derived from the
/// seed, plus the loaders' (seed, epoch, batch) streams, so a run is reproducible bit for bit on one device.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly ExperimentConfig _cfg;
    private readonly TrainingContext _ctx;
    private readonly List<EpochMetrics> _curve = [];

    /// <summary>Progress lines (the runner prints them).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Called after every evaluation.</summary>
    public Action<EpochMetrics>? EpochDone { get; set; }

    public ExperimentConfig Config => _cfg;
    public string RunDirectory { get; }
    public string CheckpointPath => Path.Combine(RunDirectory, "checkpoint.safetensors");
    public string MetricsPath => Path.Combine(RunDirectory, "metrics.jsonl");

    /// <summary>The splits of this run, in words.</summary>
    public string DataDescription => _ctx.Data.Description;

    /// <summary>Validates <paramref name="cfg"/> and makes the run's splits and players; throws <see cref="ConfigException"/> before any training.</summary>
    public Trainer(ExperimentConfig cfg, IExperiment experiment, Device device)
    {
        cfg.Validate();
        if (!string.Equals(cfg.Experiment, experiment.Entry.Name, StringComparison.Ordinal))
            throw new ConfigException("experiment", $"is '{cfg.Experiment}', but the data given are those of '{experiment.Entry.Name}'.");
        _cfg = cfg;
        var spec = cfg.Spec;
        ulong seed = (ulong)cfg.Seed;
        var data = experiment.Split(cfg.TrainSize, cfg.ValidationSize, seed);
        var sample = new Generator(PhiloxRandom.Mix(seed, 0x73616D70)); // "samp"
        Player Make(Role role) => new(role, seed, (i, d) => experiment.Network(role, cfg, i, d, device), cfg.LearningRate);
        var c = Make(Role.Student);
        var t = spec.HasTeacher ? Make(Role.Teacher) : null;
        var d = spec.HasDiscriminator ? Make(Role.Discriminator) : null;
        var plain = new DataLoader<IExampleBatch>(data.Labeled, cfg.EffectiveBatchSize, seed, shuffle: true, device: device);
        var augmented = new DataLoader<IExampleBatch>(data.LabeledAugmented, cfg.EffectiveBatchSize, seed, shuffle: true, device: device);
        _ctx = new TrainingContext(cfg, experiment, data, device, sample, c, t, d,
            cfg.AugmentPretraining ? augmented : plain, cfg.AugmentMainPhase ? augmented : plain);
        RunDirectory = Path.Combine(cfg.OutDir, cfg.RunName);
    }

    /// <summary>Trains and evaluates; with <paramref name="resume"/>, continues from the run's checkpoint if there is one.</summary>
    public RunResult Run(bool resume = false, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var spec = _ctx.Spec;
        Directory.CreateDirectory(RunDirectory);
        int startEpoch = 0;
        if (resume && File.Exists(CheckpointPath))
        {
            (startEpoch, var curve) = RunCheckpoint.Load(CheckpointPath, _ctx);
            _curve.Clear();
            _curve.AddRange(curve);
            File.WriteAllText(MetricsPath, string.Concat(_curve.Select(m => JsonSerializer.Serialize(m) + "\n")));
            Log?.Invoke($"resumed from {CheckpointPath} after epoch {startEpoch}");
        }
        else
        {
            File.WriteAllText(MetricsPath, "");
            var cache = new PretrainCache(_cfg, Log);
            if (spec.HasTeacher && spec.PretrainsTeacher) cache.Pretrain(_ctx, _ctx.T, cancel);
            if (spec.HasDiscriminator) cache.Pretrain(_ctx, _ctx.D, cancel);
            for (int e = 1; e <= _cfg.PretrainEpochs; e++)
            {
                cancel.ThrowIfCancellationRequested();
                var sw = Stopwatch.StartNew();
                var l = spec.Phases.PretrainEpoch(_ctx);
                Record("pretrain", e - _cfg.PretrainEpochs, l, 0, sw.Elapsed.TotalSeconds);
            }
            if (spec.Game)
                foreach (var player in _ctx.Players()) player.ResetOptimizer(_cfg.AdversarialLearningRate(player.Role));
            RunCheckpoint.Save(CheckpointPath, _ctx, 0, _curve);
        }

        for (int epoch = startEpoch + 1; epoch <= _cfg.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            float tau = Tau(epoch);
            var losses = spec.Phases.MainEpoch(_ctx, tau);
            Record("train", epoch, losses, spec.Game ? tau : 0, sw.Elapsed.TotalSeconds);
            RunCheckpoint.Save(CheckpointPath, _ctx, epoch, _curve);
        }
        return Result(clock.Elapsed.TotalSeconds);
    }

    /// <summary>tau_e = tau_start (tau_end / tau_start)^((e - 1) / (E - 1)): exponential annealing over the main epochs.</summary>
    public float Tau(int epoch) => _cfg.Epochs <= 1 ? _cfg.TauStart
        : (float)(_cfg.TauStart * Math.Pow(_cfg.TauEnd / _cfg.TauStart, (epoch - 1) / (double)(_cfg.Epochs - 1)));

    private double Score(Player player, IBatchSource<IExampleBatch> split) =>
        _ctx.Experiment.Metric.Evaluate(player.Net, player.Role, split, _ctx.Device);

    private void Record(string phase, int epoch, EpochLosses l, double tau, double seconds)
    {
        double val = Score(_ctx.C, _ctx.Data.Validation), test = Score(_ctx.C, _ctx.Data.Test);
        double? teacher = _ctx.Spec.ReportsTeacherEachEpoch ? Score(_ctx.T, _ctx.Data.Test) : null;
        var m = new EpochMetrics(phase, epoch, val, test, teacher, l.C, l.T, l.D, tau, seconds);
        _curve.Add(m);
        File.AppendAllText(MetricsPath, JsonSerializer.Serialize(m) + "\n");
        EpochDone?.Invoke(m);
    }

    private RunResult Result(double seconds)
    {
        var main = _curve.Where(m => m.Phase == "train").ToList();
        if (main.Count == 0) main = _curve.ToList();
        var best = main.OrderByDescending(m => m.ValidationAccuracy).ThenBy(m => m.Epoch).First();
        double? teacherScore = _ctx.HasTeacher ? Score(_ctx.T, _ctx.Data.Test) : null;
        return new RunResult(Names.Of(_cfg.Method), Names.Of(_cfg.Mode), _cfg.TrainSize, _cfg.Seed, main[^1].TestAccuracy, best.ValidationAccuracy,
            best.TestAccuracy, best.Epoch, teacherScore, seconds, _curve.ToList());
    }

    public void Dispose()
    {
        foreach (var player in _ctx.Players()) player.Dispose();
    }
}
