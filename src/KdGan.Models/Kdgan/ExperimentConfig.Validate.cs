namespace KdGan.Models.Kdgan;

public sealed partial class ExperimentConfig
{
    /// <summary>Throws <see cref="ConfigException"/> naming the key of the first bad value.</summary>
    public void Validate()
    {
        if (Experiments.ExperimentCatalog.Find(Experiment) is null)
            throw new ConfigException("experiment", $"must be {Names.OneOf(Experiments.ExperimentCatalog.Names)}, got '{Experiment}'.");
        Check("method", Enum.IsDefined(Method), Method);
        Check("mode", Enum.IsDefined(Mode), Mode);
        Check("distill", Enum.IsDefined(Distill), Distill);
        Check("augment", Enum.IsDefined(Augment), Augment);
        Check("protocol", Enum.IsDefined(Protocol), Protocol);
        Check("dSampler", Enum.IsDefined(DSampler), DSampler);
        if (Protocol == Protocol.Authors && Experiment == Experiments.Cifar.CifarExperiment.Entry.Name)
            throw new ConfigException("protocol", "authors replays the authors' MNIST code; they released no KDGAN code for CIFAR-10 to replay: use protocol fair.");
        if (ResnetDepth < 8 || ResnetDepth > 200 || (ResnetDepth - 2) % 6 != 0)
            throw new ConfigException("resnetDepth", $"must be 6k + 2 between 8 and 200 (20 and 32 in the paper), got {ResnetDepth}.");
        if (Protocol == Protocol.Authors && Method == Method.Codis)
            throw new ConfigException("method", "codis is not in the authors' protocol (their code has no CODIS); use protocol fair.");
        try { _ = Tensors.Devices.Normalize(Device); }
        catch (ArgumentException e) { throw new ConfigException("device", e.Message); }
        Min("trainSize", TrainSize, 10, "one per class", MaxExamples);
        if (ValidationSize != 0) Min("validationSize", ValidationSize, 10, "one per class; or 0 for no validation split", MaxExamples);
        Range("alpha", Alpha, 0, 1);
        Range("beta", Beta, 0, float.MaxValue);
        Range("gamma", Gamma, 0, float.MaxValue);
        Positive("temperature", Temperature);
        Range("distnWeight", DistnWeight, 0, 1);
        Range("codisWeight", CodisWeight, 0, float.MaxValue);
        Min("batchSize", BatchSize, 0, "0 = the paper's", MaxExamples);
        Positive("learningRate", LearningRate);
        Range("ganLearningRate", GanLearningRate, 0, float.MaxValue);
        Range("cGanLearningRate", CGanLearningRate, 0, float.MaxValue);
        Range("dGanLearningRate", DGanLearningRate, 0, float.MaxValue);
        Min("pretrainEpochs", PretrainEpochs, 0, null, MaxEpochs);
        Min("epochs", Epochs, 0, null, MaxEpochs);
        if (PretrainEpochs + Epochs == 0)
            throw new ConfigException("epochs", "must be at least 1 when there are no pretraining epochs: a run needs an epoch to report a score, got 0.");
        Min("dPasses", DPasses, 0, null, MaxPasses);
        Min("tPasses", TPasses, 0, null, MaxPasses);
        Min("cPasses", CPasses, 0, null, MaxPasses);
        Min("dNegatives", DNegatives, 1, null, MaxSamples);
        Range("weightDecay", WeightDecay, 0, 1);
        Min("teacherFinetunePasses", TeacherFinetunePasses, 0, null, MaxEpochs);
        Min("rewardSamples", RewardSamples, 1, null, MaxSamples);
        Min("seed", Seed, 0, null, int.MaxValue);
        Positive("tauStart", TauStart);
        Positive("tauEnd", TauEnd);
        DropoutRate("studentDropout", StudentDropout);
        DropoutRate("teacherDropout", TeacherDropout);
        ValidateTags();
        if (string.IsNullOrWhiteSpace(OutDir)) throw new ConfigException("outDir", "must name a folder, got ''.");
    }

    private static void Check<T>(string key, bool ok, T value) where T : struct, Enum
    {
        if (!ok) throw new ConfigException(key, $"must be {Names.OneOf(Names.All<T>())}, got '{value}'.");
    }

    /// <summary>The caps of the integer keys (docs/exit-codes.md lists them).</summary>
    public const int MaxExamples = 10_000_000, MaxEpochs = 100_000, MaxPasses = 1_000, MaxSamples = 1_000;

    private static void Min(string key, int value, int min, string? note, int max = int.MaxValue)
    {
        if (value < min) throw new ConfigException(key, $"must be at least {min}{(note is null ? "" : $" ({note})")}, got {value}.");
        if (value > max) throw new ConfigException(key, $"must be at most {max:N0}, got {value:N0}.");
    }

    /// <summary>A finite number in [lo, hi] (NaN and infinities fail: a float option that overflowed parses to infinity).</summary>
    private static void Range(string key, float value, float lo, float hi)
    {
        if (!float.IsFinite(value)) throw new ConfigException(key, $"must be a finite number, got {value}.");
        if (value < lo || value > hi)
            throw new ConfigException(key, hi == float.MaxValue ? $"must be >= {lo}, got {value}." : $"must be in [{lo}, {hi}], got {value}.");
    }

    private static void DropoutRate(string key, float value)
    {
        if (!(value >= 0 && value < 1)) throw new ConfigException(key, $"must be in [0, 1), got {value}.");
    }

    private static void Positive(string key, float value)
    {
        if (!float.IsFinite(value)) throw new ConfigException(key, $"must be a finite number, got {value}.");
        if (!(value > 0)) throw new ConfigException(key, $"must be > 0, got {value}.");
    }
}
