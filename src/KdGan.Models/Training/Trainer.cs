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
        var data = experiment.Split(cfg.TrainSize, cfg.ValidationSize, seed, cfg.Protocol == Protocol.Authors);
        var sample = new Generator(PhiloxRandom.Mix(seed, 0x73616D70)); // "samp"
        Player Make(Role role) => new(role, seed, (i, d) => experiment.Network(role, cfg, i, d, device), cfg.LearningRate);
        var c = Make(Role.Student);
        var t = spec.HasTeacher ? Make(Role.Teacher) : null;
        var d = spec.HasDiscriminator ? Make(Role.Discriminator) : null;
        var plain = new DataLoader<IExampleBatch>(data.Labeled, cfg.EffectiveBatchSize, seed, shuffle: true, device: device);
        var augmented = new DataLoader<IExampleBatch>(data.LabeledAugmented, cfg.EffectiveBatchSize, seed, shuffle: true, device: device);
        var main = cfg.AugmentMainPhase ? augmented : plain;
        // The authors' protocol: D, T and C each read their own augmented stream (their three generators).
        var streams = cfg.Protocol != Protocol.Authors ? null : new[] { Role.Student, Role.Teacher, Role.Discriminator }.ToDictionary(r => r,
            r => new DataLoader<IExampleBatch>(cfg.AugmentMainPhase ? data.LabeledAugmented : data.Labeled, cfg.EffectiveBatchSize,
                PhiloxRandom.Mix(seed, 0x73747265616D, (ulong)r), shuffle: true, device: device)); // "stream"
        _ctx = new TrainingContext(cfg, experiment, data, device, sample, c, t, d,
            cfg.AugmentPretraining ? augmented : plain, main, streams);
        _ctx.EvaluateC = () => (Score(_ctx.C, _ctx.Data.Validation), Score(_ctx.C, _ctx.Data.Test));
        RunDirectory = Path.Combine(cfg.OutDir, cfg.RunName);
        Progress = new RunProgress(RunPlan.Of(cfg, plain.BatchesPerEpoch));
        _ctx.Progress = Progress;
        _ctx.StepDone = _ => Progress.Step();
    }

    /// <summary>Where the run stands in its plan, with an ETA (the progress display reads it).</summary>
    public RunProgress Progress { get; }

    /// <summary>A finite epoch loss of C above this multiple of its first step's loss is reported as exploding.</summary>
    public const double ExplodingFactor = 1e6;

    /// <summary>
    /// Trains and evaluates; with <paramref name="resume"/>, continues from the run's checkpoint if there is one.
    /// Throws <see cref="DivergenceException"/> (naming the player, phase, epoch, step and the last good checkpoint) when
    /// a loss or gradient stops being finite, and <see cref="RunInterruptedException"/> when <paramref name="cancel"/> is
    /// signalled, after the current step.
    /// </summary>
    public RunResult Run(bool resume = false, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var spec = _ctx.Spec;
        _ctx.Cancel = cancel;
        using var runLock = RunLock.Acquire(RunDirectory, Log);
        int startEpoch = 0;
        double earlier = 0; // seconds spent by the invocations this one resumes
        if (resume && File.Exists(CheckpointPath))
        {
            (startEpoch, var curve, earlier) = RunCheckpoint.Load(CheckpointPath, _ctx);
            _curve.Clear();
            _curve.AddRange(curve);
            _lastCheckpoint = startEpoch;
            File.WriteAllText(MetricsPath, string.Concat(_curve.Select(m => JsonSerializer.Serialize(m) + "\n")));
            Progress.ResumeAfter(startEpoch);
            Log?.Invoke($"resumed from {CheckpointPath} after epoch {startEpoch}");
        }
        else
        {
            File.WriteAllText(MetricsPath, "");
            var cache = new PretrainCache(_cfg, Log);
            Guard(() =>
            {
                foreach (var role in spec.PretrainedClassifiers) cache.Pretrain(_ctx, role == Role.Teacher ? _ctx.T : _ctx.D, cancel);
                if (_cfg.PretrainsCAsCachedUnit)
                {
                    // Their C is pretrained like T and D (best-test state kept), once for every method: cached.
                    var sw = Stopwatch.StartNew();
                    double loss = cache.Pretrain(_ctx, _ctx.C, cancel);
                    Record("pretrain", 0, new EpochLosses(double.IsFinite(loss) ? loss : 0), 0, sw.Elapsed.TotalSeconds);
                }
                else for (int e = 1; e <= _cfg.PretrainEpochs; e++)
                {
                    cancel.ThrowIfCancellationRequested();
                    (_ctx.Position.Phase, _ctx.Position.Epoch) = ("pretraining", e);
                    var sw = Stopwatch.StartNew();
                    var l = spec.Phases.PretrainEpoch(_ctx);
                    Record("pretrain", e - _cfg.PretrainEpochs, l, 0, sw.Elapsed.TotalSeconds);
                }
            });
            if (spec.Game)
                foreach (var player in _ctx.Players()) player.ResetOptimizer(_cfg.AdversarialLearningRate(player.Role));
            else if (Authors) _ctx.C.ResetOptimizer();
            if (_cfg.TeacherFinetunePasses > 0 && spec is { PretrainsTeacher: true, Game: false }) Guard(() => FinetuneTeacher(cancel));
            Save(0, earlier + clock.Elapsed.TotalSeconds);
        }

        for (int epoch = startEpoch + 1; epoch <= _cfg.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            (_ctx.Position.Phase, _ctx.Position.Epoch) = (spec.Game ? "game" : "main phase", epoch);
            var sw = Stopwatch.StartNew();
            float tau = Tau(epoch);
            var losses = Guard(() => spec.Phases.MainEpoch(_ctx, tau));
            Record("train", epoch, losses, spec.Game ? tau : 0, sw.Elapsed.TotalSeconds);
            Save(epoch, earlier + clock.Elapsed.TotalSeconds);
        }
        return Result(earlier + clock.Elapsed.TotalSeconds);
    }

    private bool Authors => _cfg.Protocol == Protocol.Authors;

    /// <summary>
    /// teacherFinetunePasses passes of T's cross-entropy (plus its weight decay) on its main-phase stream, with a fresh Adam:
    /// the teacher a baseline distils then has trained on augmented data as long as KDGAN's in-game teacher.
    /// </summary>
    private void FinetuneTeacher(CancellationToken cancel)
    {
        var t = _ctx.T;
        t.ResetOptimizer();
        var sw = Stopwatch.StartNew();
        double loss = 0;
        for (int p = 1; p <= _cfg.TeacherFinetunePasses; p++)
        {
            cancel.ThrowIfCancellationRequested();
            (_ctx.Position.Phase, _ctx.Position.Epoch) = ("fine-tuning of T", p);
            loss = TrainingStep.Pass(_ctx.MainPhaseFor(Role.Teacher), t,
                b => WeightDecay.Add(TrainingStep.Supervised(TrainingStep.Logits(t, b), b), _ctx, t, inGame: false), _ctx);
        }
        Log?.Invoke($"fine-tuned T: {_cfg.TeacherFinetunePasses} passes, loss {loss:F4}, test {_ctx.Experiment.Metric.Name} {Score(t, _ctx.Data.Test):P2} ({sw.Elapsed.TotalSeconds:F1} s)");
    }

    private int _lastCheckpoint = -1;

    /// <summary>The epoch of the last checkpoint this run wrote or resumed from; -1 before the first.</summary>
    public int LastCheckpointEpoch => _lastCheckpoint;

    /// <summary>Where the run is (phase, epoch, step).</summary>
    public RunPosition Position => _ctx.Position;

    private void Save(int epoch, double seconds)
    {
        RunCheckpoint.Save(CheckpointPath, _ctx, epoch, _curve, seconds);
        _lastCheckpoint = epoch;
    }

    private void Guard(Action work) => Guard(() => { work(); return 0; });

    /// <summary>Runs <paramref name="work"/>; a divergence gets the last good checkpoint added to its message.</summary>
    private T Guard<T>(Func<T> work)
    {
        try { return work(); }
        catch (DivergenceException e)
        {
            string resume = _lastCheckpoint >= 0
                ? $"the last good checkpoint is {CheckpointPath} (after epoch {_lastCheckpoint}); resuming continues from it with the same settings, a smaller learning rate makes a new run"
                : "no checkpoint was written yet (the run diverged before its first one)";
            throw new DivergenceException($"{_cfg.RunName}: {e.Message}: the run stopped before that step; {resume}.");
        }
    }

    /// <summary>tau_e = tau_start (tau_end / tau_start)^((e - 1) / (E - 1)): exponential annealing over the main epochs.</summary>
    public float Tau(int epoch) => _cfg.Epochs <= 1 ? _cfg.TauStart
        : (float)(_cfg.TauStart * Math.Pow(_cfg.TauEnd / _cfg.TauStart, (epoch - 1) / (double)(_cfg.Epochs - 1)));

    private double Score(Player player, IBatchSource<IExampleBatch> split) => split.Count == 0
        ? RunSelections.NoValidation // only the validation split can be empty (validationSize 0)
        : _ctx.Experiment.Metric.Evaluate(player.Net, player.Role, split, _ctx.Device);

    private void Record(string phase, int epoch, EpochLosses l, double tau, double seconds)
    {
        // The epoch's scores are those of its last evaluation when C was evaluated after every pass.
        var (val, test) = l.PassEvaluations is { Count: > 0 } passes ? passes[^1] : _ctx.EvaluateC!();
        double? teacher = _ctx.Spec.ReportsTeacherEachEpoch ? Score(_ctx.T, _ctx.Data.Test) : null;
        string? warning = null;
        double first = _ctx.FirstLoss.GetValueOrDefault(Role.Student, double.NaN);
        if (Math.Abs(l.C) > ExplodingFactor * Math.Max(Math.Abs(first), 1e-3))
        {
            warning = $"C's loss {l.C:G4} is over {ExplodingFactor:G0} times its first step's ({first:G4}): the run is diverging";
            Log?.Invoke($"warning: {phase} epoch {epoch}: {warning}");
        }
        var m = new EpochMetrics(phase, epoch, val, test, teacher, l.C, l.T, l.D, tau, seconds, warning)
        {
            DScoreTrue = l.Diagnostics?.DScoreTrue, DScoreWrong = l.Diagnostics?.DScoreWrong, CGradientRatio = l.Diagnostics?.CGradientRatio,
            PassValidation = l.PassEvaluations?.Select(e => e.Validation).ToArray(), PassTest = l.PassEvaluations?.Select(e => e.Test).ToArray(),
            TestScores = AllScores(_ctx.C),
        };
        _curve.Add(m);
        File.AppendAllText(MetricsPath, JsonSerializer.Serialize(m) + "\n");
        EpochDone?.Invoke(m);
    }

    /// <summary>Every test score of <paramref name="player"/> where the metric reports several; null where it reports one.</summary>
    private IReadOnlyDictionary<string, double>? AllScores(Player player) =>
        _ctx.Experiment.Metric.AllNames.Count > 1 ? _ctx.Experiment.Metric.EvaluateAll(player.Net, player.Role, _ctx.Data.Test, _ctx.Device) : null;

    private RunResult Result(double seconds)
    {
        var s = RunSelections.Of(_curve);
        var teacherScores = _ctx.HasTeacher ? AllScores(_ctx.T) : null;
        double? teacherScore = !_ctx.HasTeacher ? null : teacherScores?[_ctx.Experiment.Metric.Name] ?? Score(_ctx.T, _ctx.Data.Test);
        var scored = RunSelections.Scored(_curve);
        return new RunResult(Names.Of(_cfg.Method), Names.Of(_cfg.Mode), _cfg.TrainSize, _cfg.Seed, s.Final, s.BestValidation,
            s.TestAtBestValidation, s.BestEpoch, teacherScore, seconds, _curve.ToList())
        {
            BestTestAccuracy = s.BestTest, Protocol = Names.Of(_cfg.Protocol),
            TestScoresAtBestValidation = scored.FirstOrDefault(m => m.Epoch == s.BestEpoch)?.TestScores, FinalTestScores = scored[^1].TestScores,
            TeacherTestScores = teacherScores,
        };
    }

    /// <summary>The name of the score the curve holds (accuracy, P@3).</summary>
    public string MetricName => _ctx.Experiment.Metric.Name;

    public void Dispose()
    {
        foreach (var player in _ctx.Players()) player.Dispose();
    }
}
