using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KdGan.Models.Data;
using KdGan.Models.Experiments;
using KdGan.Models.Experiments.Tags;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan reproduce EXPERIMENT</c>: every method for each train size over several seeds, then a Markdown table
/// (mean +- std next to the paper's numbers), the same as JSON, and PNG learning curves. Each finished run leaves
/// result.json in its folder and is reused when the command is run again and its effective configuration
/// (<see cref="ExperimentConfig.Effective"/>) is the one asked for, so an interrupted reproduction picks up where it
/// stopped (a run cut mid-way resumes from its checkpoint).
/// </summary>
public static class ReproduceCommand
{
    /// <summary>Keys reproduce sets itself, and the flags that set them.</summary>
    private static readonly Dictionary<string, string> OwnFlags = new()
    {
        ["trainSize"] = "sizes", ["seed"] = "seeds", ["method"] = "methods", ["outDir"] = "runs",
    };

    public static Command Build(TextWriter o, TextWriter err)
    {
        var cmd = new Command("reproduce", "Every method over train sizes and seeds -> a Markdown + JSON table next to the paper's numbers, " +
                                           "and PNG learning curves. Finished runs of the same effective configuration are reused. " +
                                           "alpha and beta are the paper's best for each size unless --alpha / --beta are given (then they hold for every size).");
        var experiment = new Argument<string>("experiment") { Description = $"the experiment: {Names.OneOf(ExperimentCatalog.Names)}" };
        var sizes = new Option<string>("--sizes") { HelpName = "N,N", Description = "train sizes [default: the experiment's: 100,1000 for MNIST, 500 for mnist-tags]" };
        var seeds = new Option<int>("--seeds") { HelpName = "N", Description = "seeds 1..N", DefaultValueFactory = _ => 3 };
        var methods = new Option<string>("--methods") { HelpName = "M,M", Description = $"methods [default: {string.Join(",", MethodTable.All.Select(m => m.Name))}]" };
        var runs = new Option<string>("--runs") { HelpName = "DIR", Description = "folder of the run folders", DefaultValueFactory = _ => "runs/reproduce" };
        var outDir = new Option<string>("--out") { HelpName = "DIR", Description = "folder of the table and the curves", DefaultValueFactory = _ => "docs/results" };
        cmd.Arguments.Add(experiment);
        foreach (var option in new Option[] { sizes, seeds, methods, runs, outDir }) cmd.Options.Add(option);
        var bound = ConfigOptions.AddTo(cmd, [.. OwnFlags.Keys], OwnFlags);
        cmd.SetAction(parsed =>
        {
            string name = parsed.GetValue(experiment)!;
            var entry = ExperimentCatalog.Find(name) ?? throw new UsageException($"reproduce: unknown experiment '{ConfigOptions.Cut(name)}' (known: {Names.OneOf(ExperimentCatalog.Names)}).");
            int n = parsed.GetValue(seeds);
            if (n < 1) throw new UsageException($"reproduce: --seeds must be at least 1, got {n}.");
            var plan = new ReproducePlan(entry, Sizes(parsed.GetValue(sizes) ?? string.Join(",", entry.DefaultSizes)), n,
                Methods(parsed.GetValue(methods) ?? string.Join(",", MethodTable.All.Where(m => GivenProtocol(parsed, bound) != Protocol.Authors || m.Method != Method.Codis).Select(m => m.Name))),
                parsed.GetValue(runs)!, parsed.GetValue(outDir)!, bound.GivenKeys(parsed));
            var template = new ExperimentConfig { Experiment = entry.Name, OutDir = plan.Runs, CacheDir = Path.Combine(plan.Runs, "cache") };
            bound.Apply(parsed, template);
            return Run(plan, template, bound, o, err, parsed.Tokens.SkipWhile(t => t.Type == System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value).ToList());
        });
        return cmd;
    }

    /// <summary>The protocol given on the command line (the default methods under the authors' leave out CODIS, which their code lacks).</summary>
    private static Protocol GivenProtocol(ParseResult parsed, BoundOptions bound)
    {
        var probe = new ExperimentConfig();
        bound.Apply(parsed, probe);
        return probe.Protocol;
    }

    private static int[] Sizes(string list) => Items(list, "sizes").Select(s =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new UsageException($"reproduce: --sizes expects integers separated by commas, got '{ConfigOptions.Cut(s)}'.")).ToArray();

    private static Method[] Methods(string list) => Items(list, "methods").Select(s =>
        Names.TryParse(s, out Method m) ? m
            : throw new UsageException($"reproduce: --methods: unknown method '{ConfigOptions.Cut(s)}' (known: {Names.OneOf(Names.All<Method>())}).")).ToArray();

    private static string[] Items(string list, string flag)
    {
        var items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new UsageException($"reproduce: --{flag} is empty.");
        if (items.Distinct(StringComparer.OrdinalIgnoreCase).Count() != items.Length) throw new UsageException($"reproduce: --{flag} names a value twice: '{ConfigOptions.Cut(list)}'.");
        return items;
    }

    /// <summary>Every run's configuration, validated before any work.</summary>
    private static List<ExperimentConfig> Cells(ReproducePlan plan, ExperimentConfig template, BoundOptions bound)
    {
        var cells = new List<ExperimentConfig>();
        foreach (int n in plan.Sizes)
            for (int seed = 1; seed <= plan.Seeds; seed++)
                foreach (var method in plan.Methods)
                {
                    var cfg = template.Clone();
                    (cfg.TrainSize, cfg.Seed, cfg.Method) = (n, seed, method);
                    var (paperAlpha, paperBeta) = plan.Entry.PaperAlphaBeta(n);
                    if (!plan.Given.Contains("alpha")) cfg.Alpha = paperAlpha;
                    if (!plan.Given.Contains("beta")) cfg.Beta = paperBeta;
                    cfg.ApplyPresets(plan.Given);
                    TrainCommand.Validate(cfg, bound);
                    cells.Add(cfg);
                }
        return cells;
    }

    /// <summary>Makes each size's and seed's splits once, so sizes the data cannot give fail before the first run trains.</summary>
    private static void CheckSplits(IEnumerable<ExperimentConfig> cells, IExperiment experiment, BoundOptions bound)
    {
        foreach (var cfg in cells.DistinctBy(c => (c.TrainSize, c.Seed, c.Protocol)))
            try { experiment.Split(cfg.TrainSize, cfg.ValidationSize, (ulong)cfg.Seed, cfg.Protocol == Protocol.Authors); }
            catch (ConfigException e) { throw bound.Error(e); }
    }

    /// <summary>KNN tag voting on each train size's and seed's split (no training: seconds).</summary>
    private static List<Reports.KnnResult> Knn(TagExperiment experiment, IEnumerable<ExperimentConfig> cells) =>
        cells.DistinctBy(c => (c.TrainSize, c.Seed)).Select(c =>
        {
            var data = experiment.Split(c.TrainSize, c.ValidationSize, (ulong)c.Seed);
            var (k, test) = KnnTagVoting.Run((TagBatchSource)data.Labeled, (TagBatchSource)data.Validation, (TagBatchSource)data.Test);
            return new Reports.KnnResult(c.TrainSize, c.Seed, k, test);
        }).ToList();

    private static int Run(ReproducePlan plan, ExperimentConfig template, BoundOptions bound, TextWriter o, TextWriter err, IReadOnlyList<string> args)
    {
        var cells = Cells(plan, template, bound);
        var device = TrainCommand.SelectDevice(template, bound, o); // "auto" resolved: a run records where it ran
        foreach (var cfg in cells) cfg.Device = template.Device;
        var experiment = TrainCommand.LoadExperiment(template);
        CheckSplits(cells, experiment, bound);
        o.WriteLine($"reproduce {plan.Entry.Name}: sizes {string.Join(", ", plan.Sizes)}, seeds 1..{plan.Seeds}, methods " +
                    $"{string.Join(", ", plan.Methods.Select(m => Names.Of(m)))}, " +
                    (template.Protocol == Protocol.Authors ? "the authors' protocol" : $"mode {Names.Of(template.Mode)}, the fair protocol") + $"; data {experiment.Description}");
        var clock = Stopwatch.StartNew();
        var results = new List<RunResult>();
        int done = 0, reused = 0;
        foreach (var cfg in cells)
        {
            string label = $"[{++done}/{cells.Count} {Names.Of(cfg.Method)} n={cfg.TrainSize} seed={cfg.Seed}]";
            string dir = Path.Combine(plan.Runs, cfg.RunName);
            if (FinishedRun.TryLoad(dir, cfg, out var saved))
            {
                results.Add(saved);
                o.WriteLine($"{label} done earlier: final {saved.FinalTestAccuracy:P2}");
                reused++;
                continue;
            }
            using var trainer = TrainCommand.CreateTrainer(cfg, experiment, device, bound);
            var r = TrainCommand.RunOne(trainer, resume: true, o, err, "kdgan reproduce " + string.Join(' ', args) + " (it reuses the finished runs)", label);
            if (r is null) return ExitCodes.Interrupted;
            o.WriteLine($"{label} final test {r.FinalTestAccuracy:P2}, at best validation {r.TestAccuracyAtBestValidation:P2} ({r.Seconds:F0} s)");
            results.Add(r);
        }

        Directory.CreateDirectory(plan.Out);
        string stem = template.Protocol == Protocol.Authors ? $"{plan.Entry.Name}-authors" : $"{plan.Entry.Name}-{Names.Of(template.Mode)}";
        File.WriteAllText(Path.Combine(plan.Out, stem + ".json"), JsonSerializer.Serialize(results.Select(r => r with { Curve = [] }), new JsonSerializerOptions { WriteIndented = true }));
        var pngs = Reports.CurvePlot.LearningCurves(results, plan.Sizes, plan.Out, stem, experiment.Metric.Name);
        string table = experiment is TagExperiment tags
            ? Reports.RankingTable.Markdown(plan, template, experiment.Description, results, Knn(tags, cells), clock.Elapsed, reused, pngs, args)
            : Reports.ResultTable.Markdown(plan, template, results, clock.Elapsed, reused, pngs, args);
        File.WriteAllText(Path.Combine(plan.Out, stem + ".md"), table);
        o.WriteLine(table);
        return 0;
    }
}

/// <summary>What one `kdgan reproduce` invocation runs: the experiment, sizes, seeds 1..Seeds, methods and folders.</summary>
/// <param name="Given">The configuration keys given on the command line (they hold for every cell; the paper's alpha and
/// beta and the protocol's preset fill the others per train size and method).</param>
public sealed record ReproducePlan(ExperimentEntry Entry, int[] Sizes, int Seeds, Method[] Methods, string Runs, string Out, IReadOnlySet<string> Given);
