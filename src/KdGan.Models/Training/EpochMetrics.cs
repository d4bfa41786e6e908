using System.Text.Json.Serialization;

namespace KdGan.Models.Training;

/// <summary>
/// One epoch of a run, appended to its JSONL file: C's scores after the epoch (and T's when trained), the losses, and, in
/// the game, how D scores the true and the wrong labels and how C's adversarial gradient compares with its distillation
/// gradient (the measure of whether the adversarial term does anything). Under the authors' protocol the game also
/// evaluates C after every C pass: <see cref="PassValidation"/> and <see cref="PassTest"/> hold those scores in order (the
/// last of them is the epoch's).
/// </summary>
public sealed record EpochMetrics(
    string Phase, int Epoch, double ValidationAccuracy, double TestAccuracy, double? TeacherTestAccuracy,
    double LossC, double? LossT, double? LossD, double Tau, double Seconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning = null)
{
    /// <summary>D's mean sigmoid score of the true label (eval mode, over the labelled examples).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? DScoreTrue { get; init; }

    /// <summary>D's mean sigmoid score of the wrong labels.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? DScoreWrong { get; init; }

    /// <summary>||grad of C's weighted adversarial term|| / ||grad of C's weighted distillation term|| on one batch.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? CGradientRatio { get; init; }

    /// <summary>Every score of the experiment's metric on the test set (tag ranking: P@3 ... NDCG@5); null where it has one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, double>? TestScores { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double[]? PassValidation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double[]? PassTest { get; init; }

    /// <summary>Every evaluation of this epoch as (validation, test): one per C pass where recorded, else the epoch's.</summary>
    public IEnumerable<(double Validation, double Test)> Evaluations() =>
        PassTest is { } t && PassValidation is { } v ? v.Zip(t) : [(ValidationAccuracy, TestAccuracy)];
}

/// <summary>
/// The outcome of a run: C's test accuracy under the three selections every run logs: the last evaluation
/// (<see cref="FinalTestAccuracy"/>), the best validation one (<see cref="TestAccuracyAtBestValidation"/>, at
/// <see cref="BestEpoch"/>), and the best test accuracy over all evaluations (<see cref="BestTestAccuracy"/>: a selection
/// on the test set, what the paper reports), with the whole curve.
/// </summary>
public sealed record RunResult(
    string Method, string Mode, int TrainSize, int Seed, double FinalTestAccuracy, double BestValidationAccuracy,
    double TestAccuracyAtBestValidation, int BestEpoch, double? TeacherTestAccuracy, double Seconds, IReadOnlyList<EpochMetrics> Curve)
{
    /// <summary>The best test accuracy over every evaluation of the main phase (test selection).</summary>
    public double BestTestAccuracy { get; init; }

    /// <summary>fair or authors.</summary>
    public string Protocol { get; init; } = "fair";

    /// <summary>Where the metric reports several scores: C's on the test set at the best validation evaluation.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, double>? TestScoresAtBestValidation { get; init; }

    /// <summary>Where the metric reports several scores: C's on the test set at the last evaluation.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, double>? FinalTestScores { get; init; }

    /// <summary>Where the metric reports several scores: T's on the test set at the end of the run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, double>? TeacherTestScores { get; init; }
}

/// <summary>The three selections of a run, read from its curve: the one rule for the trainer and for reused runs.</summary>
public static class RunSelections
{
    /// <summary>The main phase's epochs; the pretraining ones when there is no main phase (the authors' student alone).</summary>
    public static IReadOnlyList<EpochMetrics> Scored(IReadOnlyList<EpochMetrics> curve)
    {
        var main = curve.Where(m => m.Phase == "train").ToList();
        return main.Count > 0 ? main : curve.ToList();
    }

    /// <summary>
    /// The validation score recorded when a run has no validation split (validationSize 0: CIFAR-10's n = 50,000 uses
    /// every training image). Scores are in [0, 1], so it cannot be mistaken for one; JSON can hold it (NaN it cannot).
    /// </summary>
    public const double NoValidation = -1;

    /// <summary>A validation score as a percentage, or "n/a" for <see cref="NoValidation"/>.</summary>
    public static string Percent(double validation, int decimals = 2) =>
        validation < 0 ? "n/a" : validation.ToString("P" + decimals, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Final, best-validation (the earliest on a tie) and best-test evaluation over <see cref="Scored"/>. With no
    /// validation split the best-validation selection is the last evaluation (BestValidation stays NoValidation).
    /// </summary>
    public static (double Final, double BestValidation, double TestAtBestValidation, int BestEpoch, double BestTest) Of(IReadOnlyList<EpochMetrics> curve)
    {
        var points = Scored(curve).SelectMany(m => m.Evaluations().Select(e => (m.Epoch, e.Validation, e.Test))).ToList();
        var best = points.All(p => p.Validation < 0) ? points[^1] : points.Aggregate((a, b) => b.Validation > a.Validation ? b : a);
        return (points[^1].Test, best.Validation, best.Test, best.Epoch, points.Max(p => p.Test));
    }
}
