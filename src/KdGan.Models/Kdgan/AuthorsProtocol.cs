namespace KdGan.Models.Kdgan;

/// <summary>
/// The authors' MNIST protocol (their release, github xiaojiew1/KDGAN, arxiv/kdgan/mdlcompr_mnist and mdlcompr_xw; read
/// in ../shared/design/AUTHORS-PROTOCOL.md). Its numbers live here and only here: <see cref="Preset"/> gives the
/// configuration values of a method and train size, and the trainer asks <see cref="ExperimentConfig.Protocol"/> for the
/// behaviours that are not configuration values:
/// <list type="bullet">
/// <item>the last n training images are the labelled set (validation is carved from the others, for the logged
/// validation selection their code lacks);</item>
/// <item>C is initialised Glorot-uniform, T and D truncated-normal(0.1), biases 0;</item>
/// <item>C, T and D are pretrained without augmentation for pretrainEpochs, evaluated on the test set after every epoch,
/// and the best-test state (the later on a tie) is kept; C's loss is CE / B, T's and D's CE + L2 of their weights;</item>
/// <item>every method starts from the pretrained C with a fresh Adam; MIMIC, DISTN and NOISY distil the frozen pretrained T
/// on augmented batches; DISTN is (1 - p) CE / B + p T^2 MSE(z_T / T, z_C / T) / B (T cancels); NOISY's target is
/// z_T (m + e), m in {0, 1 / 0.9}, e ~ N(0, 0.1^2);</item>
/// <item>in the game the rewards are sigmoid(D's train-mode logits) (dropout on), C and T add the L2 of their
/// parameters (<see cref="WeightDecayCoversBiases"/>), and C is evaluated after every C pass (every floor(n / B)
/// C steps);</item>
/// <item>the reported number is the best test accuracy over all evaluations (every run also logs the last and the
/// best-validation ones).</item>
/// </list>
/// The KDGAN losses are those of their tuning tree (mdlcompr_mnist: a-weighted terms, gamma 0). Their recorded
/// 77.26 / 96.31 / 99.13 came from an older variant (mdlcompr_xw, "ow"): unweighted C terms, no T distillation, D on T's
/// samples only. CODIS is not in their code and is refused under this protocol.
/// </summary>
public static class AuthorsProtocol
{
    /// <summary>Copies of the true label among D's pairs per example (target 1), in the authors' and the soft sampler.</summary>
    public const int Positives = 5;

    /// <summary>Their L2 coefficient (flags.py: 4e-5), added as coefficient * 0.5 * sum w^2.</summary>
    public const float WeightDecay = 4e-5f;

    /// <summary>C's L2 covers its biases (their MLP); T's and D's covers the LeNet weights only.</summary>
    public static bool WeightDecayCoversBiases(Training.Role role) => role == Training.Role.Student;

    /// <summary>MIMIC / DISTN / NOISY epochs at n = 100 / 1,000 / 10,000 (their run scripts).</summary>
    private static int BaselineEpochs(Method m, int n) => (m, Size(n)) switch
    {
        (Method.Distn, 0) => 200,
        (Method.Distn, 1) => 150,
        (Method.Distn, _) => 100,
        (_, 0) => 400,
        (_, 1) => 200,
        _ => 100,
    };

    /// <summary>0, 1 or 2 for n up to 100, up to 1,000, above.</summary>
    private static int Size(int n) => n <= 100 ? 0 : n <= 1000 ? 1 : 2;

    /// <summary>
    /// The authors' values of every configuration key they set, for <paramref name="method"/> at <paramref name="trainSize"/>
    /// (keys as config.json spells them). A value given on the command line or in a configuration file wins over these.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Preset(Method method, int trainSize)
    {
        int size = Size(trainSize);
        var p = new Dictionary<string, object>
        {
            ["batchSize"] = 0, // the paper's: 10 / 50 / 100
            ["learningRate"] = 1e-3f, ["ganLearningRate"] = 1e-3f, ["cGanLearningRate"] = 1e-3f, ["dGanLearningRate"] = 1e-3f,
            ["pretrainEpochs"] = 200,
            ["augment"] = Augment.Main,
            ["studentDropout"] = 0.12f, ["teacherDropout"] = 0.5f, // keep 0.88 and 0.5
            ["weightDecay"] = WeightDecay,
            ["distnWeight"] = 0.7f, ["temperature"] = 3f,
            ["mode"] = AdversarialMode.Reward, ["rewardSamples"] = Positives + 20, ["dNegatives"] = 20,
            ["distill"] = DistillLoss.L2, ["gamma"] = 0f,
        };
        switch (method)
        {
            case Method.Student: p["epochs"] = 0; break; // their "student alone" is the pretrained C
            case Method.Mimic or Method.Distn or Method.Noisy: p["epochs"] = BaselineEpochs(method, trainSize); break;
            case Method.Nagan:
                (p["epochs"], p["dPasses"], p["cPasses"]) = size < 2 ? (10, 5, 5) : (20, 20, 10);
                p["dSampler"] = DSampler.Soft;
                break;
            case Method.Kdgan:
                (p["epochs"], p["dPasses"], p["tPasses"], p["cPasses"]) = (size < 2 ? 100 : 200, 20, 10, 10);
                p["dSampler"] = DSampler.Authors;
                // (a, beta) = (0.9, 2), (0.9, 0.25), (0.8, 2); alpha = 1 - a in the paper's convention.
                (p["alpha"], p["beta"]) = size switch { 0 => (0.1f, 2f), 1 => (0.1f, 0.25f), _ => (0.2f, 2f) };
                break;
        }
        return p;
    }
}
