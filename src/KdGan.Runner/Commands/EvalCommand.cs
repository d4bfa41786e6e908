using System.CommandLine;
using System.Text;
using KdGan.Models.Experiments;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Cli;
using KdGan.Tensors;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan eval RUN_OR_CHECKPOINT</c>: a stored player's score on the run's test or validation split, its confusion
/// matrix, and a PNG grid of the examples it got most wrong.
/// </summary>
public static class EvalCommand
{
    public static Command Build(TextWriter o)
    {
        var cmd = new Command("eval", "Score a trained player of a run (its checkpoint) on the run's test or validation split: the metric, " +
                                      "the confusion matrix and a PNG of the worst-classified examples.");
        var run = new Argument<string>("run") { Description = "a run folder (runs/<run>) or its checkpoint.safetensors" };
        var player = StoredRunArguments.Player();
        var split = new Option<string>("--split") { HelpName = "test|validation", Description = "the split [default: test]" };
        var worst = IntOption.Create("--worst", "N", "examples in the PNG of the worst-classified", 16, 0, 256);
        var png = new Option<string>("--png") { HelpName = "FILE", Description = "where the PNG goes [default: RUN/eval-<player>-<split>-worst.png]" };
        cmd.Arguments.Add(run);
        foreach (var option in new Option[] { player, split, worst, png }) cmd.Options.Add(option);
        cmd.SetAction(parsed =>
        {
            var role = StoredRunArguments.ParsePlayer("eval", parsed.GetValue(player));
            string which = (parsed.GetValue(split) ?? "test").ToLowerInvariant();
            if (which is not ("test" or "validation")) throw new UsageException($"eval: --split must be test or validation, got '{ConfigOptions.Cut(which)}'.");
            return Run(parsed.GetValue(run)!, role, which, parsed.GetValue(worst), parsed.GetValue(png), o);
        });
        return cmd;
    }

    private static int Run(string path, Role role, string which, int worst, string? png, TextWriter o)
    {
        var device = Device.Cpu;
        using var stored = StoredRunArguments.Open("eval", path);
        var cfg = stored.Config;
        var experiment = TrainCommand.LoadExperiment(cfg);
        var data = experiment.Split(cfg.TrainSize, cfg.ValidationSize, (ulong)cfg.Seed, cfg.Protocol == Models.Kdgan.Protocol.Authors);
        using var net = stored.Network(experiment, role, device);
        var split = which == "test" ? data.Test : data.Validation;
        if (split.Count == 0) throw new UsageException($"eval: {cfg.RunName} has no validation split (validationSize 0): use --split test.");
        double score = experiment.Metric.Evaluate(net, role, split, device);
        var predictions = Predictions.Of(net, role, split, device);
        o.WriteLine($"{cfg.RunName}, {role} ({role.Key().ToUpperInvariant()}) after epoch {stored.Epoch}, {which} split ({split.Count} examples): " +
                    $"{experiment.Metric.Name} {score:P2}");
        o.Write(Confusion(predictions, experiment));
        var examples = predictions.Worst(worst);
        if (examples.Count > 0 && examples[0].InputShape.Length == 3)
        {
            string file = png ?? Path.Combine(Path.GetDirectoryName(stored.CheckpointPath)!, $"eval-{role.Key()}-{which}-worst.png");
            Reports.ExampleGrid.Save(examples, experiment.ClassNames, $"{cfg.RunName}: the {examples.Count} {which} examples {role.Key().ToUpperInvariant()} got most wrong", file);
            o.WriteLine($"worst-classified examples: {file}");
        }
        else if (examples.Count > 0) o.WriteLine("worst-classified examples: not drawn (the inputs are not images)");
        return 0;
    }

    /// <summary>The confusion matrix as text: a row per true class, a column per predicted one.</summary>
    private static string Confusion(Predictions p, IExperiment experiment)
    {
        var m = p.Confusion();
        int k = p.Classes;
        var sb = new StringBuilder("confusion matrix (rows: true class, columns: predicted):\n");
        string Head(int c) => c < experiment.ClassNames.Count ? experiment.ClassNames[c] : c.ToString();
        int w = Math.Max(5, p.All.Count.ToString().Length + 1);
        sb.Append(new string(' ', 12));
        for (int c = 0; c < k; c++) sb.Append(c.ToString().PadLeft(w));
        sb.AppendLine();
        for (int t = 0; t < k; t++)
        {
            string name = Head(t) == t.ToString() ? Head(t) : $"{t} {Head(t)}";
            sb.Append((name.Length > 11 ? name[..11] : name).PadRight(12));
            for (int c = 0; c < k; c++) sb.Append(m[t, c].ToString().PadLeft(w));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
