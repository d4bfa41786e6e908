using System.CommandLine;
using System.Text.Json;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Cli;
using KdGan.Runner.Reports;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan plot RUN...</c>: learning curves from the runs' metrics.jsonl, one line per method (runs of one method and
/// train size are seeds: their mean, with a min-max band), as `kdgan reproduce` draws them.
/// </summary>
public static class PlotCommand
{
    public static Command Build(TextWriter o)
    {
        var cmd = new Command("plot", "Draw learning curves (test accuracy of C per epoch) from run folders: a line per method and train size, " +
                                      "the mean over its seeds with a min-max band.");
        var runs = new Argument<string[]>("runs") { Description = "run folders (each holds metrics.jsonl and config.json)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { HelpName = "FILE.png", Description = "the PNG to write [default: curves.png]" };
        var title = new Option<string>("--title") { HelpName = "TEXT", Description = "the title [default: the runs' experiment]" };
        cmd.Arguments.Add(runs);
        cmd.Options.Add(output);
        cmd.Options.Add(title);
        cmd.SetAction(parsed =>
        {
            var loaded = parsed.GetValue(runs)!.Select(Load).ToList();
            var series = loaded.GroupBy(r => (r.Config.Method, r.Config.TrainSize)).OrderBy(g => g.Key.TrainSize)
                .Select(g => new CurvePlot.Series(loaded.Select(r => r.Config.TrainSize).Distinct().Count() > 1 ? $"{Names.Of(g.Key.Method)} n={g.Key.TrainSize}" : Names.Of(g.Key.Method),
                    g.Select(r => r.Curve).ToList(), MethodTable.Of(g.Key.Method).Game))
                .OrderBy(s => s.Emphasised).ToList();
            string file = parsed.GetValue(output) ?? "curves.png";
            string heading = parsed.GetValue(title) ?? $"{string.Join(", ", loaded.Select(r => r.Config.Experiment).Distinct())}: test accuracy of C";
            CurvePlot.Save(series, heading, file);
            o.WriteLine($"{file}: {series.Count} curves from {loaded.Count} runs");
            return 0;
        });
        return cmd;
    }

    private sealed record Run(ExperimentConfig Config, IReadOnlyList<EpochMetrics> Curve);

    private static Run Load(string dir)
    {
        string metrics = Path.Combine(dir, "metrics.jsonl"), config = Path.Combine(dir, "config.json");
        if (!File.Exists(metrics)) throw new UsageException($"plot: {dir} is not a run folder: it has no metrics.jsonl.");
        ExperimentConfig cfg;
        try { cfg = File.Exists(config) ? ExperimentConfig.FromStoredJson(File.ReadAllText(config)) : throw new UsageException($"plot: {dir} has no config.json (an unfinished run: plot it when it ends)."); }
        catch (Exception e) when (e is JsonException or ArgumentException) { throw new UsageException($"plot: {config} is not valid: {ConfigOptions.Cut(e.Message)}"); }
        var curve = new List<EpochMetrics>();
        int line = 0;
        foreach (var text in File.ReadLines(metrics))
        {
            line++;
            if (text.Length == 0) continue;
            try { curve.Add(JsonSerializer.Deserialize<EpochMetrics>(text) ?? throw new JsonException("null")); }
            catch (JsonException e) { throw new UsageException($"plot: {metrics} line {line} is not an epoch's metrics: {ConfigOptions.Cut(e.Message)}"); }
        }
        return new Run(cfg, curve);
    }
}
