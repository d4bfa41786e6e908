using System.Globalization;
using System.Text;
using KdGan.Models.Experiments.Tags;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Commands;

namespace KdGan.Runner.Reports;

/// <summary>KNN tag voting's outcome on one split: the k chosen on validation and its test scores.</summary>
public sealed record KnnResult(int TrainSize, int Seed, int K, IReadOnlyDictionary<string, double> Test);

/// <summary>
/// The Markdown table `kdgan reproduce` writes for tag recommendation: per train size, every ranking metric (mean +-
/// std over seeds) of C at its best validation P@3, for KNN tag voting, every method and the teachers, then KDGAN's
/// margin and the paper's speed claim against NaGAN.
/// </summary>
public static class RankingTable
{
    public static string Markdown(ReproducePlan plan, ExperimentConfig t, string data, List<RunResult> results, List<KnnResult> knn,
        TimeSpan wall, int reused, IReadOnlyList<string> pngs, IReadOnlyList<string> args)
    {
        var names = RankingMetrics.Names;
        var sb = new StringBuilder();
        sb.AppendLine($"# {plan.Entry.Name}: KDGAN and baselines on tag ranking ({Names.Of(t.Mode)} mode, fair protocol)");
        sb.AppendLine();
        sb.AppendLine($"Command: `kdgan reproduce {string.Join(' ', args)}`  ");
        sb.AppendLine($"Time: {results.Sum(r => r.Seconds) / 60:F1} min of training in its {results.Count} runs " +
                      (reused > 0 ? $"({reused} reused from an earlier invocation; {wall.TotalMinutes:F1} min of wall time for this one) " : $"({wall.TotalMinutes:F1} min of wall time) ") +
                      $"on {MachineInfo.CpuModel}, {Environment.ProcessorCount} cores ({MachineInfo.Simd}), CPU backend, {DateTime.UtcNow:yyyy-MM-dd}.  ");
        sb.AppendLine($"Data: {data}.  ");
        if (plan.Entry.Name == TagExperiments.MnistTags.Name)
            sb.AppendLine("**MNIST-Tags is our stand-in for YFCC100M, not YFCC data: these numbers are not comparable with the paper's.**  ");
        sb.AppendLine((plan.Seeds > 1 ? $"Seeds 1..{plan.Seeds}; mean +- sample standard deviation" : "Seed 1 (n = 1: no standard deviation)") +
                      " of C's test scores (%) at its evaluation with the best validation P@3 (per post, then averaged; F@k uses the authors' R-precision, " +
                      "src/KdGan.Models/Experiments/Tags/RankingMetrics.cs). C and D see the image only; T also reads the post's text " +
                      $"({Names.Of(t.TeacherText)} teacher). KNN tag voting: votes of the k nearest labelled posts on C's input, k by validation P@3.  ");
        sb.AppendLine($"Settings: pretraining {t.PretrainEpochs} epochs (lr {t.LearningRate}), then {t.Epochs} epochs, validation {t.ValidationSize} posts, " +
                      $"batch {t.EffectiveBatchSize}, (alpha, beta, gamma) = ({t.Alpha}, {t.Beta}, {t.Gamma}), L_ds {Names.Of(t.Distill)} (T = {t.Temperature}).  ");
        foreach (int n in plan.Sizes)
        {
            sb.AppendLine();
            sb.AppendLine($"## n = {n} labelled posts");
            sb.AppendLine();
            sb.AppendLine("| method | " + string.Join(" | ", names) + " |");
            sb.AppendLine("|---|" + string.Concat(names.Select(_ => "---:|")));
            var atSize = results.Where(r => r.TrainSize == n).ToList();
            var rows = new List<(string Label, List<IReadOnlyDictionary<string, double>> Scores)>();
            var k = knn.Where(r => r.TrainSize == n).ToList();
            if (k.Count > 0) rows.Add(($"knn voting (k = {string.Join("/", k.Select(r => r.K).Distinct())})", k.Select(r => r.Test).ToList()));
            foreach (var m in plan.Methods.Select(m => Names.Of(m)))
                rows.Add((m, atSize.Where(r => r.Method == m).Select(r => r.TestScoresAtBestValidation).OfType<IReadOnlyDictionary<string, double>>().ToList()));
            var frozen = plan.Methods.Select(m => Names.Of(m)).FirstOrDefault(m => Names.TryParse(m, out Method x) && MethodTable.Of(x) is { PretrainsTeacher: true, Game: false });
            if (frozen is not null)
                rows.Add(("teacher, pretrained (reads the text)", atSize.Where(r => r.Method == frozen).Select(r => r.TeacherTestScores).OfType<IReadOnlyDictionary<string, double>>().ToList()));
            rows.Add(("teacher after KDGAN's game", atSize.Where(r => r.Method == "kdgan").Select(r => r.TeacherTestScores).OfType<IReadOnlyDictionary<string, double>>().ToList()));
            foreach (var (label, scores) in rows.Where(r => r.Scores.Count > 0))
                sb.AppendLine($"| {label} | " + string.Join(" | ", names.Select(name => ResultTable.MeanStd(scores.Select(s => s[name])))) + " |");
            sb.AppendLine();
            foreach (var line in Margins(rows, n)) sb.AppendLine(line + "  ");
            if (ResultTable.SpeedAgainstNagan(atSize, n, "P@3") is { } speed) sb.AppendLine(speed + "  ");
        }
        if (pngs.Count > 0)
        {
            sb.AppendLine();
            foreach (var png in pngs) sb.AppendLine($"![learning curves]({Path.GetFileName(png)})");
        }
        return sb.ToString();
    }

    /// <summary>KDGAN's mean minus the best other student's on P@3 and MAP (teachers excluded: they read the text).</summary>
    private static IEnumerable<string> Margins(List<(string Label, List<IReadOnlyDictionary<string, double>> Scores)> rows, int n)
    {
        var students = rows.Where(r => r.Scores.Count > 0 && !r.Label.StartsWith("teacher", StringComparison.Ordinal)).ToList();
        var kdgan = students.FirstOrDefault(r => r.Label == "kdgan");
        if (kdgan.Scores is null || students.Count < 2) yield break;
        foreach (var metric in new[] { "P@3", "MAP" })
        {
            var best = students.Where(r => r.Label != "kdgan").Select(r => (r.Label, Mean: r.Scores.Average(s => s[metric]))).MaxBy(x => x.Mean);
            double diff = (kdgan.Scores.Average(s => s[metric]) - best.Mean) * 100;
            yield return $"n={n}, {metric}: KDGAN {(diff >= 0 ? "+" : "")}{diff.ToString("F2", CultureInfo.InvariantCulture)} points against the best other student ({best.Label}).";
        }
    }
}
