using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using Spectre.Console;

namespace KdGan.Runner.Commands;

/// <summary>
/// The progress of one training run over every phase of its plan (T, D and C pretraining, the main epochs' passes),
/// with an ETA from measured phase times (<see cref="RunProgress.SecondsLeft"/>). On a terminal: Spectre.Console's live
/// bars, which fit the terminal's width; otherwise (output redirected, or CI set) plain lines: one per pretraining phase
/// and one per epoch.
/// </summary>
public static class RunDisplay
{
    public static bool Interactive(TextWriter o) =>
        ReferenceEquals(o, Console.Out) && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Runs <paramref name="run"/> (the trainer's Run) while showing its progress on <paramref name="o"/>.</summary>
    public static RunResult Show(Trainer trainer, string label, TextWriter o, Func<RunResult> run)
    {
        var progress = trainer.Progress;
        if (!Interactive(o))
        {
            trainer.Log = o.WriteLine;
            var previous = progress.Current;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            progress.Changed += p =>
            {
                if (ReferenceEquals(p.Current, previous)) return;
                if (previous is { Main: false }) o.WriteLine($"{label} {previous.Label} done ({clock.Elapsed.TotalSeconds:F0} s){Eta(p)}");
                previous = p.Current;
            };
            trainer.EpochDone = m => o.WriteLine($"{label} {Line(trainer, m)}{Eta(progress)}");
            return run();
        }

        RunResult result = null!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var overall = ctx.AddTask(Markup.Escape(label), maxValue: Math.Max(1, progress.TotalSteps));
                var current = ctx.AddTask(Markup.Escape(progress.Current?.Label ?? "done"), maxValue: 1);
                void Update(RunProgress p)
                {
                    overall.Value = p.TotalStepsDone;
                    overall.Description = Markup.Escape($"{label}{Eta(p)}");
                    if (p.Current is { } phase)
                    {
                        current.MaxValue = Math.Max(1, phase.Steps);
                        current.Value = p.StepsDone;
                        current.Description = Markup.Escape(phase.Label);
                    }
                }
                Update(progress);
                progress.Changed += Update;
                trainer.Log = Above;
                trainer.EpochDone = m => Above($"{label} {Line(trainer, m)}");
                result = run();
            });
        return result;
    }

    /// <summary>
    /// A line above the live bars, broken at spaces into lines that fit the terminal: a line the terminal wraps by itself
    /// throws the live display's redraw off by a row and leaves a stale line behind.
    /// </summary>
    private static void Above(string text)
    {
        int width = Math.Max(20, AnsiConsole.Profile.Width - 1);
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                AnsiConsole.MarkupLine(Markup.Escape(line.ToString()));
                line.Clear().Append("  ");
            }
            if (line.Length > 0 && line.ToString() != "  ") line.Append(' ');
            line.Append(word.Length > width ? word[..(width - 3)] + "..." : word);
        }
        AnsiConsole.MarkupLine(Markup.Escape(line.ToString()));
    }

    private static string Line(Trainer trainer, EpochMetrics m)
    {
        var cfg = trainer.Config;
        string metric = trainer.MetricName == "accuracy" ? "" : trainer.MetricName + " ";
        return (m.Phase == "train" ? $"epoch {m.Epoch}/{cfg.Epochs}" : $"pretraining epoch {m.Epoch + cfg.PretrainEpochs}/{cfg.PretrainEpochs}") +
        $": val {metric}{RunSelections.Percent(m.ValidationAccuracy, 1)} test {m.TestAccuracy:P1} loss C {m.LossC:F3}" +
        (m.LossT is { } t ? $" T {t:F3}" : "") + (m.LossD is { } d ? $" D {d:F3}" : "") + (m.Tau > 0 ? $" tau {m.Tau:F2}" : "") +
        (m.Warning is { } w ? $"  WARNING: {w}" : "");
    }

    private static string Eta(RunProgress p) => p.SecondsLeft() is { } s && p.Current is not null ? $" (ETA {Format(s)})" : "";

    public static string Format(double seconds) =>
        seconds < 90 ? $"{seconds:F0}s" : seconds < 5400 ? $"{seconds / 60:F1}min" : $"{seconds / 3600:F1}h";
}
