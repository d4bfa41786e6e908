using System.Text.Json.Serialization;

namespace KdGan.Models.Kdgan;

/// <summary>
/// Every knob of a run, with our defaults, typed. Serialised to JSON (config.json, checkpoints); its keys are the
/// properties' camelCase names, and <see cref="Validate"/> names the key of the first bad value. Which keys a method
/// reads is <see cref="MethodTable"/>'s business. alpha, beta, gamma use the paper's convention (alpha weights C's
/// adversarial term; the authors' code calls 1 - alpha "alpha").
/// </summary>
public sealed partial class ExperimentConfig
{
    private string _experiment = "mnist", _device = "auto";

    /// <summary>A name of <see cref="Experiments.ExperimentCatalog"/>, stored in lower case.</summary>
    public string Experiment { get => _experiment; set => _experiment = value?.Trim().ToLowerInvariant() ?? ""; }
    public Method Method { get; set; } = Method.Kdgan;
    /// <summary>
    /// fair (ours) or authors (a replay of their MNIST code: <see cref="AuthorsProtocol"/>). The authors' protocol also
    /// sets the keys of <see cref="AuthorsProtocol.Preset"/> that are not given explicitly.
    /// </summary>
    public Protocol Protocol { get; set; } = Protocol.Fair;
    public int TrainSize { get; set; } = 100;
    public int ValidationSize { get; set; } = 1000;
    public int Seed { get; set; } = 1;
    /// <summary>cpu, cuda, cuda:N, ilgpu-cpu or auto, stored as <see cref="Tensors.Devices.Normalize"/> spells it.</summary>
    public string Device { get => _device; set => _device = value?.Trim().ToLowerInvariant() ?? ""; }
    /// <summary>Folder with the experiment's data files (else its default source: docs/data.md).</summary>
    public string? DataDir { get; set; }

    public AdversarialMode Mode { get; set; } = AdversarialMode.Gumbel;
    public float Alpha { get; set; } = 0.1f;
    public float Beta { get; set; } = 2.0f;
    public float Gamma { get; set; } = 1e-4f;
    /// <summary>
    /// L_ds: KL (T^2 KL between temperature softmaxes; our default) or L2 (on logits; the paper's default). With L2
    /// towards a teacher whose logits were trained to near-zero cross-entropy, C lost accuracy in our runs (docs/results).
    /// </summary>
    public DistillLoss Distill { get; set; } = DistillLoss.Kl;
    public float Temperature { get; set; } = 3f;
    /// <summary>DISTN's soft-loss weight p.</summary>
    public float DistnWeight { get; set; } = 0.7f;
    /// <summary>CODIS: weight of each model's distillation term.</summary>
    public float CodisWeight { get; set; } = 1f;

    /// <summary>0 picks the paper's: 10 / 50 / 100 for 100 / 1,000 / 10,000 labels (<see cref="EffectiveBatchSize"/>).</summary>
    public int BatchSize { get; set; }
    public float LearningRate { get; set; } = 5e-4f;
    /// <summary>
    /// Learning rate of T in the adversarial phase, and of C and D where theirs are 0 (0 = <see cref="LearningRate"/>).
    /// 5e-4 (the authors' value) for every player wrecked the pretrained teacher and student within an epoch in our runs
    /// (Adam steps of lr on noisy one-sample gradients); T at 2e-5 keeps what pretraining gave it, and T at 1e-4 lost
    /// 1-3 points of accuracy (docs/results).
    /// </summary>
    public float GanLearningRate { get; set; } = 2e-5f;
    /// <summary>Learning rate of C in the adversarial phase (0 = the method's own: <see cref="MethodSpec.DefaultCGanLearningRate"/>).</summary>
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
    /// <summary>How D's pairs are drawn: balanced (ours), authors (5 true against dNegatives sampled), soft (NaGAN's).</summary>
    public DSampler DSampler { get; set; } = DSampler.Balanced;
    /// <summary>
    /// L2 coefficient s, added as s * 0.5 * sum w^2 (the authors': 4e-5): to T's and D's loss over their weights in
    /// pretraining, fine-tuning and the game, and to C's over its weights and biases in the game.
    /// </summary>
    public float WeightDecay { get; set; }
    /// <summary>
    /// Passes of T's cross-entropy on augmented data after pretraining, before MIMIC, DISTN or NOISY distil it (the
    /// ablation's fine-tuned teacher: KDGAN's T trains in the game on augmented data, a baseline's never does).
    /// </summary>
    public int TeacherFinetunePasses { get; set; }
    /// <summary>Labels sampled per example in reward mode.</summary>
    public int RewardSamples { get; set; } = 5;
    public float TauStart { get; set; } = 1f;
    public float TauEnd { get; set; } = 0.1f;
    /// <summary>
    /// The experiment's training augmentation (MNIST: random affine, rotation +-15 degrees, shift 10%, zoom 10%), for every
    /// method alike: in every pass (all), in the main phase only (main, as the authors' code does), never (off), or the
    /// experiment's choice (auto: <see cref="Experiments.ExperimentEntry.AutoAugment"/>).
    /// </summary>
    public Augment Augment { get; set; } = Augment.Auto;
    public float StudentDropout { get; set; } = 0.5f;
    public float TeacherDropout { get; set; } = 0.5f;

    public string OutDir { get; set; } = "runs";
    /// <summary>Folder for pretrained teachers/discriminators shared between runs of the same seed and data ("" = none).</summary>
    public string CacheDir { get; set; } = "runs/cache";

    /// <summary>This method's row of the method table.</summary>
    [JsonIgnore] public MethodSpec Spec => MethodTable.Of(Method);

    /// <summary><see cref="BatchSize"/>, or the paper's for the train size when it is 0. Not a key: written nowhere.</summary>
    [JsonIgnore] public int EffectiveBatchSize => BatchSize > 0 ? BatchSize : TrainSize <= 100 ? 10 : TrainSize <= 1000 ? 50 : 100;

    /// <summary><see cref="Augment"/> with <see cref="Augment.Auto"/> resolved for the experiment.</summary>
    [JsonIgnore]
    public Augment EffectiveAugment => Augment != Augment.Auto ? Augment
        : Experiments.ExperimentCatalog.Find(Experiment)?.AutoAugment ?? Augment.All;
    [JsonIgnore] public bool AugmentPretraining => EffectiveAugment == Augment.All;
    [JsonIgnore] public bool AugmentMainPhase => EffectiveAugment != Augment.Off;

    /// <summary>"mnist-kdgan-gumbel-n100-s1": the run's folder under <see cref="OutDir"/>.</summary>
    [JsonIgnore] public string RunName => $"{Experiment}-{Names.Of(Method)}-{Names.Of(Mode)}-n{TrainSize}-s{Seed}";

    /// <summary>
    /// The learning rate of <paramref name="role"/> in the adversarial phase, fallbacks resolved: C's own rate when set,
    /// else the method's (<see cref="MethodSpec.DefaultCGanLearningRate"/>); D's own rate when set, else T's; T's is
    /// <see cref="GanLearningRate"/>, else <see cref="LearningRate"/>.
    /// </summary>
    public float AdversarialLearningRate(Training.Role role)
    {
        float t = GanLearningRate > 0 ? GanLearningRate : LearningRate;
        return role switch
        {
            Training.Role.Student => CGanLearningRate > 0 ? CGanLearningRate : Spec.DefaultCGanLearningRate,
            Training.Role.Discriminator => DGanLearningRate > 0 ? DGanLearningRate : t,
            _ => t,
        };
    }
}
