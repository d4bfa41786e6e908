using KdGan.Models.Data;
using KdGan.Models.Experiments;
using KdGan.Models.Kdgan;
using KdGan.Tensors;
using KdGan.Tensors.Rng;

namespace KdGan.Models.Training;

/// <summary>
/// The losses of one epoch: C's, and T's and D's where the method trained them; C's evaluations after each of its passes
/// where the protocol asks for them (the authors'), and the game's diagnostics.
/// </summary>
public readonly record struct EpochLosses(double C, double? T = null, double? D = null)
{
    public IReadOnlyList<(double Validation, double Test)>? PassEvaluations { get; init; }
    public GameDiagnostics? Diagnostics { get; init; }
}

/// <summary>D's mean score of the true and of the wrong labels, and C's adversarial-to-distillation gradient norm ratio.</summary>
public sealed record GameDiagnostics(double DScoreTrue, double DScoreWrong, double? CGradientRatio);

/// <summary>
/// One method's epochs (a row of <see cref="MethodTable"/> names its implementation). The pretraining epoch trains C
/// on <see cref="TrainingContext.Pretraining"/>; the main epoch is the method itself on <see cref="TrainingContext.MainPhase"/>.
/// </summary>
public interface IMethodPhases
{
    EpochLosses PretrainEpoch(TrainingContext ctx);
    EpochLosses MainEpoch(TrainingContext ctx, float tau);
}

/// <summary>Everything a method's epoch works with: the configuration, its row of the table, the players and the loaders.</summary>
public sealed class TrainingContext(
    ExperimentConfig cfg, IExperiment experiment, RunData data, Device device, Generator sample,
    Player c, Player? t, Player? d, DataLoader<IExampleBatch> pretraining, DataLoader<IExampleBatch> mainPhase,
    IReadOnlyDictionary<Role, DataLoader<IExampleBatch>>? streams = null)
{
    public ExperimentConfig Config => cfg;
    public MethodSpec Spec { get; } = cfg.Spec;
    public TermWeights Weights { get; } = cfg.Spec.Weigh(cfg);
    public IExperiment Experiment => experiment;
    public RunData Data => data;
    public Device Device => device;

    /// <summary>Label sampling (Gumbel noise) and NOISY's noise.</summary>
    public Generator Sample => sample;

    public Player C => c;
    public Player T => t ?? throw new InvalidOperationException($"{Spec.Name} has no teacher.");
    public Player D => d ?? throw new InvalidOperationException($"{Spec.Name} has no discriminator.");
    public bool HasTeacher => t is not null;

    /// <summary>The labelled data as pretraining reads it (augmented only with augment = all).</summary>
    public DataLoader<IExampleBatch> Pretraining => pretraining;

    /// <summary>The labelled data as the main phase reads it (augmented unless augment = off).</summary>
    public DataLoader<IExampleBatch> MainPhase => mainPhase;

    /// <summary>The main-phase data of one player's passes: its own augmented stream under the authors' protocol (their
    /// three independent generators), else <see cref="MainPhase"/>.</summary>
    public DataLoader<IExampleBatch> MainPhaseFor(Role role) => streams?.GetValueOrDefault(role) ?? mainPhase;

    /// <summary>C's (validation, test) scores now (the trainer sets it; the authors' game calls it after every C pass).</summary>
    public Func<(double Validation, double Test)>? EvaluateC { get; set; }

    /// <summary>Where the run is, kept current by the trainer and the step loop (for messages and progress).</summary>
    public RunPosition Position { get; } = new();

    /// <summary>Each player's first loss of the run (the reference an exploding loss is measured against).</summary>
    public Dictionary<Role, double> FirstLoss { get; } = [];

    /// <summary>The run's progress through its plan (the trainer sets it).</summary>
    public RunProgress? Progress { get; set; }

    /// <summary>Requests a stop after the current step (Ctrl+C).</summary>
    public CancellationToken Cancel { get; set; }

    /// <summary>Called after every training step with the player whose pass it is (for progress).</summary>
    public Action<Player>? StepDone { get; set; }

    public IEnumerable<Player> Players()
    {
        yield return c;
        if (t is not null) yield return t;
        if (d is not null) yield return d;
    }
}
