using System.Globalization;
using System.Text;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;

namespace KdGan.Runner.Reports;

using KdGan.Runner.Commands;

/// <summary>
/// The Markdown table <c>kdgan reproduce</c> writes: mean +- std of every method next to the paper's numbers, then
/// what a reader asks next: KDGAN's margin over the best other method, the teachers' accuracy, the paper's speed claim
/// against NaGAN, and whether D reached the game's equilibrium.
/// </summary>
public static class ResultTable
{
    private static string AlphaBeta(ExperimentConfig t, bool ownAlpha, bool ownBeta) =>
        (ownAlpha, ownBeta) switch
        {
            (false, false) => "the paper's best per size",
            (true, false) => $"alpha {t.Alpha} for every size, beta the paper's best per size",
            (false, true) => $"alpha the paper's best per size, beta {t.Beta} for every size",
            _ => $"({t.Alpha}, {t.Beta}) for every size",
        };

    /// <summary>KDGAN's mean minus the best other method's mean, on the final and the best-validation columns.</summary>
    private static IEnumerable<string> KdganAgainstBaselines(List<RunResult> results, int n)
    {
        var byMethod = results.Where(r => r.TrainSize == n).GroupBy(r => r.Method).ToDictionary(g => g.Key, g => g.ToList());
        if (!byMethod.TryGetValue("kdgan", out var kdgan) || byMethod.Count < 2) yield break;
        foreach (var (column, pick) in new (string, Func<RunResult, double>)[] { ("final", r => r.FinalTestAccuracy), ("best-val", r => r.TestAccuracyAtBestValidation) })
        {
            var best = byMethod.Where(kv => kv.Key != "kdgan").Select(kv => (Method: kv.Key, Mean: Stats(kv.Value.Select(pick)).Mean)).MaxBy(x => x.Mean);
            double diff = Stats(kdgan.Select(pick)).Mean - best.Mean;
            yield return $"n={n}, {column}: KDGAN {(diff >= 0 ? "+" : "")}{diff:F2} points against the best other method ({best.Method}).";
        }
    }

    /// <summary>
    /// The paper's speed claim (KDGAN needs far fewer epochs than NaGAN), measured on the seed-mean validation curves of
    /// the game: the epoch at which each first reaches NaGAN's best mean validation accuracy.
    /// </summary>
    internal static string? SpeedAgainstNagan(List<RunResult> results, int n, string metric = "accuracy")
    {
        static double[] MeanCurve(List<RunResult> runs)
        {
            var curves = runs.Select(r => r.Curve.Where(m => m.Phase == "train").OrderBy(m => m.Epoch).Select(m => m.ValidationAccuracy).ToArray()).ToList();
            int epochs = curves.Min(c => c.Length);
            return Enumerable.Range(0, epochs).Select(e => curves.Average(c => c[e])).ToArray();
        }
        var kdgan = results.Where(r => r.TrainSize == n && r.Method == "kdgan").ToList();
        var nagan = results.Where(r => r.TrainSize == n && r.Method == "nagan").ToList();
        if (kdgan.Count == 0 || nagan.Count == 0) return null;
        var (k, g) = (MeanCurve(kdgan), MeanCurve(nagan));
        if (k.Length == 0 || g.Length == 0 || g.Max() < 0) return null; // no validation split: no validation curve
        double target = g.Max();
        int naganEpoch = Array.IndexOf(g, target) + 1, kdganEpoch = Array.FindIndex(k, v => v >= target) + 1;
        return $"n={n}: speed: NaGAN's best mean validation {metric}, {target * 100:F2}%, is reached by NaGAN at game epoch {naganEpoch} and by KDGAN " +
               (kdganEpoch > 0 ? $"at epoch {kdganEpoch}" : $"in none of its {k.Length} epochs") + ".";
    }

    private static float Rate(ExperimentConfig template, Method method, Role player)
    {
        var cfg = template.Clone();
        cfg.Method = method;
        return cfg.AdversarialLearningRate(player);
    }

    internal static (double Mean, double Std, int N) Stats(IEnumerable<double> xs)
    {
        var a = xs.ToArray();
        double mean = a.Average();
        double std = a.Length > 1 ? Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Length - 1)) : 0;
        return (mean * 100, std * 100, a.Length);
    }

    /// <summary>"82.65 +- 1.23" over several seeds; "82.20 (n = 1)" for one, which has no standard deviation.</summary>
    internal static string MeanStd(IEnumerable<double> xs)
    {
        var (m, s, n) = Stats(xs);
        return n > 1 ? $"{m:F2} +- {s:F2}" : $"{m:F2} (n = 1)";
    }

    public static string Markdown(ReproducePlan plan, ExperimentConfig t, List<RunResult> results, TimeSpan wall, int reused,
        IReadOnlyList<string> pngs, IReadOnlyList<string> args)
    {
        var (experiment, sizes, seeds, ownAlpha, ownBeta) = (plan.Entry.Name, plan.Sizes, plan.Seeds, plan.Given.Contains("alpha"), plan.Given.Contains("beta"));
        bool authors = t.Protocol == Protocol.Authors;
        var methods = plan.Methods.Select(m => Names.Of(m)).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(authors ? $"# {experiment}: KDGAN and baselines under the authors' protocol" : $"# {experiment}: KDGAN and baselines ({Names.Of(t.Mode)} mode, fair protocol)");
        sb.AppendLine();
        sb.AppendLine($"Command: `kdgan reproduce {string.Join(' ', args)}`  ");
        double runMinutes = results.Sum(r => r.Seconds) / 60;
        sb.AppendLine($"Time: {runMinutes:F1} min of training in its {results.Count} runs " +
                      (reused > 0 ? $"({reused} of them finished by an earlier invocation and reused; {wall.TotalMinutes:F1} min of wall time for this one) " : $"({wall.TotalMinutes:F1} min of wall time) ") +
                      $"on {MachineInfo.CpuModel}, {Environment.ProcessorCount} cores ({MachineInfo.Simd}), CPU backend, {DateTime.UtcNow:yyyy-MM-dd}.  ");
        if (plan.Entry.PaperAccuracy.Count == 0) sb.AppendLine($"The paper has no {experiment} numbers: its column shows none.  ");
        sb.AppendLine((seeds > 1 ? $"Seeds 1..{seeds}; mean +- sample standard deviation" : "Seed 1 (n = 1: no standard deviation)") + " of test accuracy (%) of the classifier C. " +
                      "\"final\" is the last evaluation; \"best-val\" the evaluation with the best validation accuracy; \"best-test\" the best test accuracy over all " +
                      "evaluations, a selection on the test set (what the paper and the authors' code report).  ");
        if (authors)
            sb.AppendLine("Protocol: the authors' (src/KdGan.Models/Kdgan/AuthorsProtocol.cs: per-method budgets, pretraining with best-test checkpoints, " +
                          "the baselines from the pretrained C, their samplers and losses); each run's config.json holds its settings.  ");
        else sb.AppendLine($"Settings: pretraining {t.PretrainEpochs} epochs (lr {t.LearningRate}), then {t.Epochs} epochs " +
                      $"(adversarial lr: C {Rate(t, Method.Kdgan, Role.Student)} in KDGAN, {Rate(t, Method.Nagan, Role.Student)} in NaGAN, T {t.AdversarialLearningRate(Role.Teacher)}, D {t.AdversarialLearningRate(Role.Discriminator)}; " +
                      $"passes D/T/C {t.DPasses}/{t.TPasses}/{t.CPasses} per epoch, {t.DNegatives} negatives per generator), validation {t.ValidationSize} images, " +
                      $"batch {(t.BatchSize > 0 ? t.BatchSize.ToString(CultureInfo.InvariantCulture) : "10/50/100 for 100/1,000/10,000 labels")}, (alpha, beta) = {AlphaBeta(t, ownAlpha, ownBeta)}, gamma {t.Gamma}, L_ds {Names.Of(t.Distill)} (T = {t.Temperature}), " +
                      (t.EffectiveAugment == Augment.Off ? "no augmentation." : $"augmentation {Names.Of(t.EffectiveAugment)} (the experiment's training transforms{(experiment is "mnist" or "fashion-mnist" ? ": random affine, rotation 15 degrees, shift 10%, zoom 10%" : "")})."));
        if (plan.Entry.Presets is { } presets)
            sb.AppendLine("Per-size presets of the experiment, which replace the settings above where the command gave none: " +
                          string.Join("; ", sizes.Select(n => $"n={n}: " + string.Join(", ", presets(n).Where(kv => !plan.Given.Contains(kv.Key))
                              .Select(kv => $"{kv.Key} {Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}")))) +
                          (sizes.Any(n => presets(n).TryGetValue("validationSize", out var v) && Equals(v, 0) && !plan.Given.Contains("validationSize"))
                              ? ". validationSize 0 is no validation split (every training image is labelled): there best-val is the last evaluation.  " : ".  "));
        sb.AppendLine("Methods (the method table): " + string.Join("; ", plan.Methods.Select(m => $"{Names.Of(m)}: {MethodTable.Of(m).Terms}")) + ".  ");
        sb.AppendLine();
        sb.Append("| method |");
        foreach (int n in sizes) sb.Append($" n={n} final | n={n} best-val | n={n} best-test | paper n={n} |");
        sb.AppendLine();
        sb.Append("|---|");
        foreach (int _ in sizes) sb.Append("---:|---:|---:|---:|");
        sb.AppendLine();
        foreach (var m in methods)
        {
            sb.Append($"| {m} |");
            foreach (int n in sizes)
            {
                var rs = results.Where(r => r.Method == m && r.TrainSize == n).ToList();
                if (rs.Count == 0) { sb.Append(" - | - | - | - |"); continue; }
                string paper = Names.TryParse(m, out Method method) && plan.Entry.Paper(method, n) is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";
                sb.Append($" {MeanStd(rs.Select(r => r.FinalTestAccuracy))} | {MeanStd(rs.Select(r => r.TestAccuracyAtBestValidation))} | {MeanStd(rs.Select(r => r.BestTestAccuracy))} | {paper} |");
            }
            sb.AppendLine();
        }
        sb.AppendLine();
        foreach (int n in sizes)
        {
            foreach (var line in KdganAgainstBaselines(results, n)) sb.AppendLine(line + "  ");
            // The pretrained teacher the distillation baselines read frozen (one cache, so one method's runs show it).
            var frozen = plan.Methods.FirstOrDefault(m => MethodTable.Of(m) is { PretrainsTeacher: true, Game: false });
            var fixedTeacher = results.Where(r => r.TrainSize == n && r.Method == Names.Of(frozen) && r.TeacherTestAccuracy is not null).Select(r => r.TeacherTestAccuracy!.Value).ToList();
            if (fixedTeacher.Count > 0) sb.AppendLine($"n={n}: pretrained teacher test accuracy {MeanStd(fixedTeacher)}.  ");
            var kdgan = results.Where(r => r.TrainSize == n && r.Method == "kdgan").ToList();
            var gameTeacher = kdgan.Where(r => r.TeacherTestAccuracy is not null).Select(r => r.TeacherTestAccuracy!.Value).ToList();
            if (gameTeacher.Count > 0) sb.AppendLine($"n={n}: KDGAN's teacher after the game {MeanStd(gameTeacher)}.  ");
            if (SpeedAgainstNagan(results, n) is { } speed) sb.AppendLine(speed + "  ");
            var lossD = kdgan.Select(r => r.Curve.LastOrDefault(m => m.Phase == "train")?.LossD).OfType<double>().ToList();
            if (lossD.Count > 0)
                sb.AppendLine($"n={n}: KDGAN's discriminator loss in the last epoch {lossD.Average():F3} (log 4 = {Math.Log(4):F3} at the game's equilibrium, where D cannot " +
                              "tell the true labels from those C and T sample: D(x, y) = 1/2 for both).  ");
        }
        if (pngs.Count > 0)
        {
            sb.AppendLine();
            foreach (var png in pngs) sb.AppendLine($"![learning curves]({Path.GetFileName(png)})");
        }
        return sb.ToString();
    }
}
