using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KdGan.Autograd;
using KdGan.Models.Checkpoints;
using KdGan.Models.Data;
using KdGan.Models.Nn;
using KdGan.Models.Optim;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Kdgan;

/// <summary>
/// One trainer for KDGAN (Algorithm 1 of the paper) and its baselines, which are modes of it. C is the
/// classifier (student), T the teacher, D the discriminator. Every method gets the same budget of C epochs
/// (pretraining + main epochs), is evaluated on the validation split after every epoch, and reports the
/// final test accuracy and the test accuracy at the best validation epoch.
/// Randomness: three counter-based generators (initialisation, dropout, label sampling) derived from the seed,
/// plus the loaders' (seed, epoch, batch) streams, so a run is reproducible bit for bit on one device and can be
/// resumed exactly from its per-epoch checkpoint.
/// </summary>
public sealed class KdganTrainer : IDisposable
{
    private readonly ExperimentConfig _cfg;
    private readonly Method _method;
    private readonly Device _device;
    private readonly ExperimentSplit _split;
    private readonly Generator _sample; // label sampling (Gumbel noise), NOISY's noise
    private readonly Player _c;
    private readonly Player? _t, _d;
    private readonly DataLoader<ImageBatch> _pretraining; // the labelled images, augmented with --augment all
    private readonly DataLoader<ImageBatch> _mainPhase;   // the same, augmented unless --augment off
    private readonly List<EpochMetrics> _curve = [];
    private readonly string _runDir;

    /// <summary>Progress lines (the runner prints them).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Called after every evaluation.</summary>
    public Action<EpochMetrics>? EpochDone { get; set; }

    public ExperimentConfig Config => _cfg;
    public string RunDirectory => _runDir;
    public string CheckpointPath => Path.Combine(_runDir, "checkpoint.safetensors");
    public string MetricsPath => Path.Combine(_runDir, "metrics.jsonl");

    public KdganTrainer(ExperimentConfig cfg, TrainTestSets data, Device device)
    {
        cfg.Validate();
        _cfg = cfg;
        _method = cfg.MethodKind;
        _device = device;
        if (data.Train.Source.ImageSize != 784)
            throw new ArgumentException($"{data.Name}: the MNIST networks expect 28x28 grey images, got {data.Train.Source.Channels}x{data.Train.Source.Height}x{data.Train.Source.Width}.");
        if (cfg.TrainSize + cfg.ValidationSize > data.Train.Count)
            throw new ArgumentException($"--train-size {cfg.TrainSize} + --validation-size {cfg.ValidationSize} exceed the {data.Train.Count} training images of {data.Name}.");
        _split = ExperimentSplit.Create(data, cfg.TrainSize, cfg.ValidationSize, (ulong)cfg.Seed);
        ulong seed = (ulong)cfg.Seed;
        _sample = new Generator(PhiloxRandom.Mix(seed, 0x73616D70)); // "samp"
        _c = new Player("c", seed, (i, d) => MnistNetworks.Student(i, d, cfg.StudentDropout, device), cfg.LearningRate);
        if (MethodNames.UsesTeacher(_method))
            _t = new Player("t", seed, (i, d) => MnistNetworks.LeNet(i, d, cfg.TeacherDropout, device), cfg.LearningRate);
        if (MethodNames.UsesDiscriminator(_method))
            _d = new Player("d", seed, (i, d) => MnistNetworks.LeNet(i, d, cfg.TeacherDropout, device), cfg.LearningRate);
        var plain = new DataLoader<ImageBatch>(new ImageBatchSource(_split.Labeled), cfg.EffectiveBatchSize, seed, shuffle: true, device: device);
        var augmented = new DataLoader<ImageBatch>(new ImageBatchSource(_split.Labeled, Augmentations.MnistTrain()), cfg.EffectiveBatchSize, seed, shuffle: true, device: device);
        _pretraining = cfg.AugmentPretraining ? augmented : plain;
        _mainPhase = cfg.AugmentMainPhase ? augmented : plain;
        _runDir = Path.Combine(cfg.OutDir, $"{cfg.Experiment}-{cfg.Method}-{cfg.Mode}-n{cfg.TrainSize}-s{cfg.Seed}");
    }

    public ExperimentSplit Split => _split;

    // ---- the run ---------------------------------------------------------------------------------

    /// <summary>Trains and evaluates; with <paramref name="resume"/>, continues from the run's checkpoint if there is one.</summary>
    public RunResult Run(bool resume = false, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(_runDir);
        int startEpoch = 0;
        if (resume && File.Exists(CheckpointPath))
        {
            startEpoch = LoadCheckpoint();
            Log?.Invoke($"resumed from {CheckpointPath} after epoch {startEpoch}");
        }
        else
        {
            File.WriteAllText(MetricsPath, "");
            Pretrain(cancel);
            if (_method is Method.Kdgan or Method.Nagan)
                foreach (var player in Players()) player.ResetOptimizer(_cfg.AdversarialLearningRate(player.Name));
            SaveCheckpoint(0);
        }

        for (int epoch = startEpoch + 1; epoch <= _cfg.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            float tau = Tau(epoch);
            var (lc, lt, ld) = _method switch
            {
                Method.Kdgan or Method.Nagan => AdversarialEpoch(tau),
                _ => BaselineEpoch(_mainPhase),
            };
            Record("train", epoch, lc, lt, ld, _method is Method.Kdgan or Method.Nagan ? tau : 0, sw.Elapsed.TotalSeconds);
            SaveCheckpoint(epoch);
        }
        return Result(clock.Elapsed.TotalSeconds);
    }

    /// <summary>tau_e = tau_start (tau_end / tau_start)^((e - 1) / (E - 1)): exponential annealing over the main epochs.</summary>
    public float Tau(int epoch) => _cfg.Epochs <= 1 ? _cfg.TauStart
        : (float)(_cfg.TauStart * Math.Pow(_cfg.TauEnd / _cfg.TauStart, (epoch - 1) / (double)(_cfg.Epochs - 1)));

    private void Pretrain(CancellationToken cancel)
    {
        // T and D as ordinary softmax classifiers on the labelled data, C too for the adversarial methods.
        // The baselines train C from scratch in the main phase, with the pretraining epochs added to it.
        if (_t is not null && _method != Method.Codis) PretrainClassifier(_t, cancel);
        if (_d is not null) PretrainClassifier(_d, cancel);
        if (_method is Method.Kdgan or Method.Nagan)
        {
            for (int e = 1; e <= _cfg.PretrainEpochs; e++)
            {
                cancel.ThrowIfCancellationRequested();
                var sw = Stopwatch.StartNew();
                double loss = SupervisedPass(_c, _pretraining);
                Record("pretrain", e - _cfg.PretrainEpochs, loss, null, null, 0, sw.Elapsed.TotalSeconds);
            }
        }
        else
        {
            for (int e = 1; e <= _cfg.PretrainEpochs; e++)
            {
                cancel.ThrowIfCancellationRequested();
                var sw = Stopwatch.StartNew();
                var (lc, lt, _) = BaselineEpoch(_pretraining);
                Record("pretrain", e - _cfg.PretrainEpochs, lc, lt, null, 0, sw.Elapsed.TotalSeconds);
            }
        }
    }

    private void PretrainClassifier(Player player, CancellationToken cancel)
    {
        string? cache = PretrainCachePath(player.Name);
        if (cache is not null && File.Exists(cache))
        {
            using var ckpt = Checkpoint.Load(cache, _device);
            ckpt.RestoreParameters(Named(player.Net));
            ckpt.RestoreOptimizer("opt", player.Optimizer);
            player.Passes = Meta(cache, ckpt, "passes", v => int.Parse(v, CultureInfo.InvariantCulture));
            player.Dropout.Seek(Meta(cache, ckpt, "dropout", v => ulong.Parse(v, CultureInfo.InvariantCulture)));
            Log?.Invoke($"pretrained {player.Name.ToUpperInvariant()} loaded from {cache}");
            return;
        }
        var sw = Stopwatch.StartNew();
        double loss = 0;
        for (int e = 0; e < _cfg.PretrainEpochs; e++)
        {
            cancel.ThrowIfCancellationRequested();
            loss = SupervisedPass(player, _pretraining);
        }
        double acc = Accuracy(player.Net, _split.Validation);
        Log?.Invoke($"pretrained {player.Name.ToUpperInvariant()}: {_cfg.PretrainEpochs} epochs, loss {loss:F4}, validation accuracy {acc:P2} ({sw.Elapsed.TotalSeconds:F1} s)");
        if (cache is not null)
            Checkpoint.Save(cache, Named(player.Net), new Dictionary<string, Optimizer> { ["opt"] = player.Optimizer },
                new Dictionary<string, string>
                {
                    ["passes"] = player.Passes.ToString(CultureInfo.InvariantCulture),
                    ["dropout"] = player.Dropout.Offset.ToString(CultureInfo.InvariantCulture),
                });
    }

    /// <summary>Where a pretrained T or D is shared between methods: same data, seed, sizes and schedule.</summary>
    private string? PretrainCachePath(string name)
    {
        if (string.IsNullOrEmpty(_cfg.CacheDir)) return null;
        Directory.CreateDirectory(_cfg.CacheDir);
        string key = $"{_cfg.Experiment}-{(_cfg.DataDir is null ? "default" : Path.GetFileName(Path.TrimEndingDirectorySeparator(_cfg.DataDir)))}" +
                     $"-n{_cfg.TrainSize}-v{_cfg.ValidationSize}-s{_cfg.Seed}-b{_cfg.EffectiveBatchSize}-e{_cfg.PretrainEpochs}" +
                     $"-lr{_cfg.LearningRate.ToString("R", CultureInfo.InvariantCulture)}-p{_cfg.TeacherDropout.ToString("R", CultureInfo.InvariantCulture)}" +
                     (_cfg.AugmentPretraining ? "-aug" : "");
        return Path.Combine(_cfg.CacheDir, $"{key}-{name}.safetensors");
    }

    // ---- epochs ----------------------------------------------------------------------------------

    /// <summary>One pass of cross-entropy training over the labelled data; returns the mean loss.</summary>
    private double SupervisedPass(Player player, DataLoader<ImageBatch> data)
    {
        var (net, opt) = (player.Net, player.Optimizer);
        net.Train();
        double sum = 0;
        int n = 0;
        foreach (var batch in data.Epoch(player.Passes++))
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                opt.ZeroGrad();
                var logits = net.Forward(new Variable(batch.Images));
                var loss = Functional.CrossEntropy(logits, batch.Classes);
                loss.Backward();
                opt.Step();
                sum += loss.Item();
                n++;
            }
        return sum / Math.Max(1, n);
    }

    /// <summary>One epoch of a non-adversarial method (one pass of C; CODIS also a pass of T).</summary>
    private (double, double?, double?) BaselineEpoch(DataLoader<ImageBatch> data)
    {
        if (_method == Method.Student) return (SupervisedPass(_c, data), null, null);
        var (c, optC) = (_c.Net, _c.Optimizer);
        c.Train();
        double lc = 0, lt = 0;
        int n = 0;
        foreach (var batch in data.Epoch(_c.Passes++))
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                var x = new Variable(batch.Images);
                if (_method == Method.Codis)
                {
                    // Both from scratch; each distills from the other's current (detached) logits.
                    var (t, optT) = (_t!.Net, _t.Optimizer);
                    t.Train();
                    optC.ZeroGrad();
                    optT.ZeroGrad();
                    var zc = c.Forward(x);
                    var zt = t.Forward(x);
                    var lossC = Functional.CrossEntropy(zc, batch.Classes) + KdganLosses.Distill(zc, zt.Data, _cfg.DistillKind, _cfg.Temperature) * _cfg.CodisWeight;
                    var lossT = Functional.CrossEntropy(zt, batch.Classes) + KdganLosses.Distill(zt, zc.Data, _cfg.DistillKind, _cfg.Temperature) * _cfg.CodisWeight;
                    (lossC + lossT).Backward();
                    optC.Step();
                    optT.Step();
                    lc += lossC.Item();
                    lt += lossT.Item();
                }
                else
                {
                    var teacher = TeacherLogits(batch.Images);
                    optC.ZeroGrad();
                    var zc = c.Forward(x);
                    Variable loss = _method switch
                    {
                        Method.Mimic => KdganLosses.Distill(zc, teacher, DistillLoss.L2, 1f),
                        Method.Noisy => KdganLosses.Distill(zc, NoisyLogits(teacher), DistillLoss.L2, 1f),
                        Method.Distn => Functional.CrossEntropy(zc, batch.Classes) * (1 - _cfg.DistnWeight)
                                        + KdganLosses.Distill(zc, teacher, DistillLoss.Kl, _cfg.Temperature) * _cfg.DistnWeight,
                        _ => throw new InvalidOperationException($"no baseline epoch for {_method}"),
                    };
                    loss.Backward();
                    optC.Step();
                    lc += loss.Item();
                }
                n++;
            }
        return (lc / n, _method == Method.Codis ? lt / n : null, null);
    }

    /// <summary>Teacher logits in eval mode, as constants.</summary>
    private Tensor TeacherLogits(Tensor images)
    {
        _t!.Net.Eval();
        using var noGrad = GradMode.NoGrad();
        using var z = _t.Net.Forward(new Variable(images));
        return z.Data.Clone();
    }

    /// <summary>NOISY: z (1 + e) m, e ~ N(0, 0.1^2), m a dropout mask of rate 0.1 (no rescaling).</summary>
    private Tensor NoisyLogits(Tensor z)
    {
        using var e = _sample.Randn(z.Shape, z.Device);
        using var e01 = e * 0.1f;
        using var scale = e01 + 1f;
        using var u = _sample.Rand(z.Shape, z.Device);
        using var keep = u.Apply(Tensors.Backends.UnaryOp.GreaterThanScalar, 0.1f);
        using var noisy = z * scale;
        return noisy * keep;
    }

    /// <summary>One outer epoch of Algorithm 1: kD passes of D, kT of T (KDGAN only), kC of C.</summary>
    private (double, double?, double?) AdversarialEpoch(float tau)
    {
        bool kdgan = _method == Method.Kdgan;
        float alpha = kdgan ? _cfg.Alpha : 1f;
        double ld = 0, lt = 0, lc = 0;
        int nd = 0, nt = 0, nc = 0;

        for (int p = 0; p < _cfg.DPasses; p++)
            foreach (var batch in _mainPhase.Epoch(_d!.Passes++))
                using (batch)
                using (var scope = TensorScope.Begin())
                {
                    int k = _cfg.DNegatives;
                    var negatives = new List<(int[], float)> { (SampleLabels(_c.Net, batch.Images, k), alpha) };
                    if (kdgan) negatives.Add((SampleLabels(_t!.Net, batch.Images, k), 1 - alpha));
                    _d.Net.Train();
                    _d.Optimizer.ZeroGrad();
                    var g = _d.Net.Forward(new Variable(batch.Images));
                    var loss = KdganLosses.Discriminator(g, batch.Classes, negatives);
                    loss.Backward();
                    _d.Optimizer.Step();
                    ld += loss.Item();
                    nd++;
                }

        if (kdgan)
            for (int p = 0; p < _cfg.TPasses; p++)
                foreach (var batch in _mainPhase.Epoch(_t!.Passes++))
                    using (batch)
                    using (var scope = TensorScope.Begin())
                    {
                        var dLogits = DiscriminatorLogits(batch.Images);
                        var zc = StudentLogits(batch.Images);
                        _t.Net.Train();
                        _t.Optimizer.ZeroGrad();
                        var zt = _t.Net.Forward(new Variable(batch.Images));
                        var loss = GeneratorLoss(zt, dLogits, 1 - alpha, tau)
                                   + KdganLosses.Distill(zt, zc, _cfg.DistillKind, _cfg.Temperature) * _cfg.Gamma;
                        loss.Backward();
                        _t.Optimizer.Step();
                        lt += loss.Item();
                        nt++;
                    }

        for (int p = 0; p < _cfg.CPasses; p++)
            foreach (var batch in _mainPhase.Epoch(_c.Passes++))
                using (batch)
                using (var scope = TensorScope.Begin())
                {
                    var dLogits = DiscriminatorLogits(batch.Images);
                    Tensor? teacher = kdgan ? TeacherLogits(batch.Images) : null;
                    _c.Net.Train();
                    _c.Optimizer.ZeroGrad();
                    var zc = _c.Net.Forward(new Variable(batch.Images));
                    var loss = GeneratorLoss(zc, dLogits, alpha, tau);
                    if (teacher is not null) loss += KdganLosses.Distill(zc, teacher, _cfg.DistillKind, _cfg.Temperature) * _cfg.Beta;
                    loss.Backward();
                    _c.Optimizer.Step();
                    lc += loss.Item();
                    nc++;
                }
        return (lc / Math.Max(1, nc), kdgan ? lt / Math.Max(1, nt) : null, ld / Math.Max(1, nd));
    }

    private Variable GeneratorLoss(Variable z, Tensor dLogits, float weight, float tau)
    {
        int b = z.Shape[0], c = z.Shape[1];
        if (_cfg.ModeKind == AdversarialMode.Gumbel)
        {
            ulong offset = _sample.Reserve(RandomDistribution.Gumbel, (long)b * c);
            return KdganLosses.GumbelAdversarial(z, dLogits, weight, tau, _sample.Seed, offset);
        }
        ulong off = _sample.Reserve(RandomDistribution.Gumbel, (long)b * c * _cfg.RewardSamples);
        return KdganLosses.RewardAdversarial(z, dLogits, weight, _cfg.RewardSamples, _sample.Seed, off);
    }

    /// <summary>k labels per example drawn from softmax of a generator's logits (eval mode).</summary>
    private int[] SampleLabels(Sequential generator, Tensor images, int k)
    {
        generator.Eval();
        using var noGrad = GradMode.NoGrad();
        using var z = generator.Forward(new Variable(images));
        ulong offset = _sample.Reserve(RandomDistribution.Gumbel, z.Data.NumElements * k);
        using var idx = LayerOps.GumbelMax(z.Data, k, _sample.Seed, offset);
        return Array.ConvertAll(idx.ToArray(), v => (int)v);
    }

    private Tensor DiscriminatorLogits(Tensor images)
    {
        _d!.Net.Eval();
        using var noGrad = GradMode.NoGrad();
        using var g = _d.Net.Forward(new Variable(images));
        return g.Data.Clone();
    }

    private Tensor StudentLogits(Tensor images)
    {
        _c.Net.Eval();
        using var noGrad = GradMode.NoGrad();
        using var z = _c.Net.Forward(new Variable(images));
        return z.Data.Clone();
    }

    // ---- evaluation ------------------------------------------------------------------------------

    /// <summary>Accuracy of <paramref name="net"/> (eval mode) on <paramref name="view"/>.</summary>
    public double Accuracy(Sequential net, DataView view)
    {
        net.Eval();
        var loader = new DataLoader<ImageBatch>(new ImageBatchSource(view), 500, 0, shuffle: false, device: _device);
        int correct = 0;
        using var noGrad = GradMode.NoGrad();
        foreach (var batch in loader.Epoch(0))
            using (batch)
            using (var scope = TensorScope.Begin())
            {
                var z = net.Forward(new Variable(batch.Images));
                var pred = z.Data.ArgMax(-1).ToArray();
                for (int i = 0; i < pred.Length; i++) if ((int)pred[i] == batch.Classes[i]) correct++;
            }
        return correct / (double)view.Count;
    }

    private void Record(string phase, int epoch, double lc, double? lt, double? ld, double tau, double seconds)
    {
        double val = Accuracy(_c.Net, _split.Validation), test = Accuracy(_c.Net, _split.Test);
        double? teacher = _method == Method.Codis && _t is not null ? Accuracy(_t.Net, _split.Test) : null;
        var m = new EpochMetrics(phase, epoch, val, test, teacher, lc, lt, ld, tau, seconds);
        _curve.Add(m);
        File.AppendAllText(MetricsPath, JsonSerializer.Serialize(m) + "\n");
        EpochDone?.Invoke(m);
    }

    private RunResult Result(double seconds)
    {
        var main = _curve.Where(m => m.Phase == "train").ToList();
        if (main.Count == 0) main = _curve.ToList();
        var best = main.OrderByDescending(m => m.ValidationAccuracy).ThenBy(m => m.Epoch).First();
        double? teacherAcc = _t is not null ? Accuracy(_t.Net, _split.Test) : null;
        return new RunResult(_cfg.Method, _cfg.Mode, _cfg.TrainSize, _cfg.Seed, main[^1].TestAccuracy, best.ValidationAccuracy,
            best.TestAccuracy, best.Epoch, teacherAcc, seconds, _curve.ToList());
    }

    // ---- checkpoints -------------------------------------------------------------------------------

    private IEnumerable<Player> Players()
    {
        yield return _c;
        if (_t is not null) yield return _t;
        if (_d is not null) yield return _d;
    }

    private static Dictionary<string, Variable> Named(Module m) => m.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);

    private void SaveCheckpoint(int epoch)
    {
        var parameters = new Dictionary<string, Variable>();
        var optimizers = new Dictionary<string, Optimizer>();
        foreach (var player in Players())
        {
            foreach (var (name, p) in player.Net.NamedParameters()) parameters[$"{player.Name}.{name}"] = p;
            optimizers[player.Name] = player.Optimizer;
        }
        var meta = new Dictionary<string, string>
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["config"] = _cfg.ToJson(),
            ["rng"] = JsonSerializer.Serialize(Players().ToDictionary(p => p.Name, p => new[] { p.Init.Offset, p.Dropout.Offset }).Append(new("sample", [_sample.Offset])).ToDictionary()),
            ["passes"] = JsonSerializer.Serialize(Players().ToDictionary(p => p.Name, p => p.Passes)),
            ["curve"] = JsonSerializer.Serialize(_curve),
        };
        Checkpoint.Save(CheckpointPath, parameters, optimizers, meta);
    }

    /// <summary>Restores everything from the run's checkpoint; returns the epoch it was taken after.</summary>
    private int LoadCheckpoint()
    {
        string path = CheckpointPath;
        using var ckpt = Checkpoint.Load(path, _device);
        var saved = Meta(path, ckpt, "config", ExperimentConfig.FromStoredJson);
        if (saved.ToJson() != _cfg.ToJson())
            throw new CheckpointFormatException(path, $"--resume: written by a run with a different configuration:\n  saved: {saved.ToJson()}\n  now:   {_cfg.ToJson()}");
        var parameters = new Dictionary<string, Variable>();
        foreach (var player in Players())
            foreach (var (name, p) in player.Net.NamedParameters()) parameters[$"{player.Name}.{name}"] = p;
        ckpt.RestoreParameters(parameters);
        var rng = Meta(path, ckpt, "rng", v => JsonSerializer.Deserialize<Dictionary<string, ulong[]>>(v) ?? throw new FormatException("it is null."));
        var passes = Meta(path, ckpt, "passes", v => JsonSerializer.Deserialize<Dictionary<string, int>>(v) ?? throw new FormatException("it is null."));
        var curve = Meta(path, ckpt, "curve", v => JsonSerializer.Deserialize<List<EpochMetrics>>(v) ?? throw new FormatException("it is null."));
        int epoch = Meta(path, ckpt, "epoch", v => int.Parse(v, CultureInfo.InvariantCulture));
        foreach (var name in Players().Select(p => p.Name).Append("sample"))
            if (!rng.TryGetValue(name, out var offsets) || offsets.Length != (name == "sample" ? 1 : 2) || (name != "sample" && !passes.ContainsKey(name)))
                throw new CheckpointFormatException(path, $"metadata 'rng' / 'passes' lack the state of '{name}'.");
        foreach (var player in Players())
        {
            ckpt.RestoreOptimizer(player.Name, player.Optimizer);
            player.Init.Seek(rng[player.Name][0]);
            player.Dropout.Seek(rng[player.Name][1]);
            player.Passes = passes[player.Name];
        }
        _sample.Seek(rng["sample"][0]);
        _curve.Clear();
        _curve.AddRange(curve);
        File.WriteAllText(MetricsPath, string.Concat(_curve.Select(m => JsonSerializer.Serialize(m) + "\n")));
        return epoch;
    }

    /// <summary>Metadata entry <paramref name="key"/> parsed, or a <see cref="CheckpointFormatException"/> naming the file and the entry.</summary>
    private static T Meta<T>(string path, Checkpoint ckpt, string key, Func<string, T> parse)
    {
        if (!ckpt.Metadata.TryGetValue(key, out var value))
            throw new CheckpointFormatException(path, $"metadata '{key}' is missing: not a checkpoint of this trainer, or written by an older version.");
        try { return parse(value); }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException or ArgumentException)
        {
            throw new CheckpointFormatException(path, $"metadata '{key}' is not valid: {e.Message}");
        }
    }

    public void Dispose()
    {
        foreach (var player in Players()) player.Dispose();
    }
}
