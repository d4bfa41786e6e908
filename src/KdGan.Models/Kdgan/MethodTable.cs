using KdGan.Models.Kdgan.Methods;

namespace KdGan.Models.Kdgan;

/// <summary>
/// How a method weighs its loss terms (KDGAN.md, Eq. 5-8), resolved for one configuration. Zero where the method has no
/// such term.
/// </summary>
/// <param name="CrossEntropy">C's cross-entropy on the labels.</param>
/// <param name="CDistill">C's distillation towards T (L_ds, or L2 on logits for MIMIC and NOISY).</param>
/// <param name="TDistill">T's distillation towards C (KDGAN's gamma, CODIS's weight).</param>
/// <param name="CAdversarial">C's adversarial term, and the weight of C's samples among D's negatives.</param>
/// <param name="TAdversarial">T's adversarial term, and the weight of T's samples among D's negatives.</param>
public sealed record TermWeights(float CrossEntropy, float CDistill, float TDistill, float CAdversarial, float TAdversarial);

/// <summary>
/// One row of the method table: which players a method has, how it trains them, which configuration keys it reads and
/// how it weighs its terms. The trainer, the reuse check of <c>kdgan reproduce</c> (<see cref="ExperimentConfig.Effective"/>)
/// and the tables' wording all read it; no method rule lives anywhere else.
/// </summary>
/// <param name="HasTeacher">T exists.</param>
/// <param name="HasDiscriminator">D exists.</param>
/// <param name="PretrainsTeacher">T is pretrained as a classifier and then read frozen or played (CODIS trains it from scratch beside C).</param>
/// <param name="Game">The main phase is Algorithm 1: C (and T) pretrained on the labels, then the adversarial epochs with fresh optimizers.</param>
/// <param name="DefaultCGanLearningRate">C's adversarial learning rate when cGanLearningRate is 0, chosen on validation
/// accuracy (docs/results). KDGAN 1e-3: C has to move at a normal rate to learn from T and D, while T and D at that rate
/// drifted away from what pretraining gave them. NaGAN 1e-4: with no teacher to hold it, C at 1e-3 followed the
/// one-sample adversarial gradient from 75% down to under 50%.</param>
/// <param name="Reads">Configuration keys the method reads beyond <see cref="MethodTable.Common"/>.</param>
/// <param name="Weigh">Its term weights for a configuration.</param>
/// <param name="Terms">Its loss, in words, for tables and help.</param>
/// <param name="Phases">Its epochs (one file under Kdgan/Methods each).</param>
public sealed record MethodSpec(
    Method Method, bool HasTeacher, bool HasDiscriminator, bool PretrainsTeacher, bool Game, float DefaultCGanLearningRate,
    IReadOnlyList<string> Reads, Func<ExperimentConfig, TermWeights> Weigh, string Terms, Training.IMethodPhases Phases)
{
    public string Name => Names.Of(Method);

    /// <summary>The players pretrained as classifiers before C's pretraining epochs, in that order (T where it is read pretrained, D).</summary>
    public IEnumerable<Training.Role> PretrainedClassifiers =>
        new[] { (PretrainsTeacher, Training.Role.Teacher), (HasDiscriminator, Training.Role.Discriminator) }.Where(p => p.Item1).Select(p => p.Item2);

    /// <summary>The test accuracy of T is reported after every epoch (T changes in the main phase without a game).</summary>
    public bool ReportsTeacherEachEpoch => HasTeacher && !PretrainsTeacher;

    /// <summary>Every key this method reads for <paramref name="cfg"/>: the common ones, its own, rewardSamples in reward mode.</summary>
    public IEnumerable<string> KeysRead(ExperimentConfig cfg) =>
        MethodTable.Common.Concat(Reads).Concat(Game && cfg.Mode == AdversarialMode.Reward ? ["rewardSamples"] : [])
            .Concat(Experiments.ExperimentCatalog.Find(cfg.Experiment)?.Keys ?? []);
}

public static class MethodTable
{
    /// <summary>Keys every method reads.</summary>
    public static readonly IReadOnlyList<string> Common =
        ["experiment", "method", "protocol", "trainSize", "validationSize", "seed", "device", "dataDir", "batchSize", "learningRate",
         "pretrainEpochs", "epochs", "augment", "studentDropout", "weightDecay"];

    /// <summary>Keys that say where files go, not what is trained (a cached network is keyed by what shaped it).</summary>
    public static readonly IReadOnlyList<string> Placement = ["outDir", "cacheDir"];

    private static readonly string[] GameKeys =
        ["teacherDropout", "mode", "cGanLearningRate", "dGanLearningRate", "dPasses", "cPasses", "dNegatives", "dSampler", "tauStart", "tauEnd"];

    private static TermWeights Only(float crossEntropy = 0, float cDistill = 0, float tDistill = 0, float cAdversarial = 0, float tAdversarial = 0) =>
        new(crossEntropy, cDistill, tDistill, cAdversarial, tAdversarial);

    public static readonly IReadOnlyList<MethodSpec> All =
    [
        new(Method.Student, false, false, false, false, 0, [], _ => Only(crossEntropy: 1), "CE(C)", new StudentMethod()),
        new(Method.Mimic, true, false, true, false, 0, ["teacherDropout", "teacherFinetunePasses"], _ => Only(cDistill: 1),
            "0.5 ||z_T - z_C||^2 towards the frozen pretrained T", new MimicMethod()),
        new(Method.Distn, true, false, true, false, 0, ["teacherDropout", "teacherFinetunePasses", "distnWeight", "temperature"],
            c => Only(crossEntropy: 1 - c.DistnWeight, cDistill: c.DistnWeight), "(1 - p) CE(C) + p T^2 KL(T || C), T frozen", new DistnMethod()),
        new(Method.Noisy, true, false, true, false, 0, ["teacherDropout", "teacherFinetunePasses"], _ => Only(cDistill: 1),
            "0.5 ||z_T (1 + e) m - z_C||^2, e ~ N(0, 0.1^2), m a dropout mask of rate 0.1", new NoisyMethod()),
        new(Method.Codis, true, false, false, false, 0, ["teacherDropout", "codisWeight", "distill", "temperature"],
            c => Only(crossEntropy: 1, cDistill: c.CodisWeight, tDistill: c.CodisWeight),
            "CE(C) + w L_ds(C <- T) and CE(T) + w L_ds(T <- C), both from scratch", new CodisMethod()),
        new(Method.Nagan, false, true, false, true, 1e-4f, GameKeys, _ => Only(cAdversarial: 1),
            "C against D (C's samples are D's only negatives); alpha is not read", new AdversarialGame()),
        new(Method.Kdgan, true, true, true, true, 1e-3f, [.. GameKeys, "alpha", "beta", "gamma", "tPasses", "distill", "temperature", "ganLearningRate"],
            c => Only(cDistill: c.Beta, tDistill: c.Gamma, cAdversarial: c.Alpha, tAdversarial: 1 - c.Alpha),
            "C: alpha adv + beta L_ds(C <- T); T: (1 - alpha) adv + gamma L_ds(T <- C); D: C's samples weigh alpha, T's 1 - alpha",
            new AdversarialGame()),
    ];

    public static MethodSpec Of(Method method) => All.First(s => s.Method == method);
}
