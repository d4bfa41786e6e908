namespace KdGan.Models.Training;

/// <summary>One evaluation of the classifier C (and T when trained), appended to the run's JSONL file.</summary>
public sealed record EpochMetrics(
    string Phase, int Epoch, double ValidationAccuracy, double TestAccuracy, double? TeacherTestAccuracy,
    double LossC, double? LossT, double? LossD, double Tau, double Seconds,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Warning = null);

/// <summary>The outcome of a run: final and best-on-validation test accuracy of C, with the whole curve.</summary>
public sealed record RunResult(
    string Method, string Mode, int TrainSize, int Seed, double FinalTestAccuracy, double BestValidationAccuracy,
    double TestAccuracyAtBestValidation, int BestEpoch, double? TeacherTestAccuracy, double Seconds, IReadOnlyList<EpochMetrics> Curve);
