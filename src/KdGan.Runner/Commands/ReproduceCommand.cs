using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KdGan.Models.Kdgan;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Commands;

/// <summary>
/// <c>kdgan reproduce mnist</c>: every method for each train size over several seeds, then a Markdown table
/// (mean +- std next to the paper's numbers), the same as JSON, and PNG learning curves. Each finished run
/// leaves result.json in its folder and is skipped when the command is run again, so an interrupted
/// reproduction picks up where it stopped (a run cut mid-way resumes from its checkpoint).
/// </summary>
public static class ReproduceCommand
{
    public const string Usage = """
        usage: kdgan reproduce mnist|fashion-mnist [options]
          --sizes 100,1000 (add 10000 with full IDX files in --data-dir)  --seeds N (3: seeds 1..N)
          --methods student,mimic,distn,noisy,codis,nagan,kdgan  --mode gumbel|reward (gumbel)
          --epochs E (30)  --pretrain-epochs E (30)  --data-dir DIR  --runs DIR (runs/reproduce)  --out DIR (docs/results)
        Any other kdgan train option (e.g. --gan-lr, --d-passes) is passed to every run; alpha and beta are the
        paper's best for each size unless --alpha / --beta are given (then they hold for every size).
        """;

    private static readonly string[] AllMethods = ["student", "mimic", "distn", "noisy", "codis", "nagan", "kdgan"];

    public static int Run(IReadOnlyList<string> args, TextWriter o)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException("reproduce: name the experiment (mnist or fashion-mnist).");
        string experiment = args[0];
        if (experiment is not ("mnist" or "fashion-mnist"))
            throw new UsageException($"reproduce: unknown experiment '{experiment}' (known: mnist, fashion-mnist).");

        // Our own options; the rest go to every run's configuration through the train parser.
        var ours = new Dictionary<string, string>();
        var passOn = new List<string>();
        var rest = args.Skip(1).ToList();
        string[] ownNames = ["sizes", "seeds", "methods", "runs", "out"];
        for (int i = 0; i < rest.Count; i++)
        {
            string name = rest[i].TrimStart('-');
            if (rest[i].StartsWith("--", StringComparison.Ordinal) && ownNames.Contains(name))
            {
                if (i + 1 >= rest.Count) throw new UsageException($"reproduce: option --{name} needs a value.");
                ours[name] = rest[++i];
            }
            else passOn.Add(rest[i]);
        }
        int[] sizes = ParseList(ours.GetValueOrDefault("sizes", "100,1000"), "sizes").Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int seeds = int.TryParse(ours.GetValueOrDefault("seeds", "3"), out int sd) && sd >= 1 ? sd : throw new UsageException("reproduce: --seeds expects a count >= 1.");
        string[] methods = ParseList(ours.GetValueOrDefault("methods", string.Join(",", AllMethods)), "methods");
        foreach (var m in methods)
            if (!AllMethods.Contains(m)) throw new UsageException($"reproduce: unknown method '{m}' in --methods.");
        string runs = ours.GetValueOrDefault("runs", "runs/reproduce");
        string outDir = ours.GetValueOrDefault("out", "docs/results");

        var baseline = new ExperimentConfig { Experiment = experiment, OutDir = runs, CacheDir = Path.Combine(runs, "cache") };
        var (template, _) = TrainCommand.Parse(passOn, baseline);
        bool ownAlpha = passOn.Contains("--alpha"), ownBeta = passOn.Contains("--beta"); // then they hold for every size
        var device = TrainCommand.SelectDevice(template.Device, o);
        template.Device = device.Name; // "auto" resolved: a run records where it ran, and runs of either spelling are reused alike
        var data = TrainCommand.LoadData(template);
        foreach (int n in sizes)
            if (n + template.ValidationSize > data.Train.Count)
                throw new UsageException($"reproduce: train size {n} + validation {template.ValidationSize} exceed the {data.Train.Count} training images of {data.Name}; " +
                                         "point --data-dir at the full IDX files for larger sizes.");

        o.WriteLine($"reproduce {experiment}: sizes {string.Join(", ", sizes)}, seeds 1..{seeds}, methods {string.Join(", ", methods)}, mode {template.Mode}; data {data}");
        var clock = Stopwatch.StartNew();
        var results = new List<RunResult>();
        int total = sizes.Length * seeds * methods.Length, done = 0, reused = 0;
        foreach (int n in sizes)
            for (int seed = 1; seed <= seeds; seed++)
                foreach (var method in methods)
                {
                    var cfg = template.Clone();
                    (cfg.TrainSize, cfg.Seed, cfg.Method) = (n, seed, method);
                    var (paperAlpha, paperBeta) = PaperNumbers.BestAlphaBeta(n);
                    if (!ownAlpha) cfg.Alpha = paperAlpha;
                    if (!ownBeta) cfg.Beta = paperBeta;
                    if (method == "nagan") cfg.Alpha = 1f; // two players: C is the only generator
                    cfg.Validate();
                    done++;
                    string label = $"[{done}/{total} {method} n={n} seed={seed}]";
                    string resultPath = Path.Combine(runs, $"{experiment}-{method}-{cfg.Mode}-n{n}-s{seed}", "result.json");
                    string curvePath = Path.Combine(Path.GetDirectoryName(resultPath)!, "metrics.jsonl");
                    string configPath = Path.Combine(Path.GetDirectoryName(resultPath)!, "config.json");
                    if (File.Exists(resultPath) && File.Exists(curvePath))
                    {
                        string? savedConfig = SavedConfig(configPath);
                        string wanted = cfg.Effective().ToJson();
                        if (savedConfig != wanted)
                            throw new UsageException($"reproduce: {Path.GetDirectoryName(resultPath)} holds a finished run of another configuration " +
                                                     $"({(savedConfig is null ? "no readable config.json" : "config.json differs: " + Differences(savedConfig, wanted))}); " +
                                                     "pass another --runs folder or delete it.");
                        var saved = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(resultPath))!;
                        var curve = File.ReadAllLines(curvePath).Select(l => JsonSerializer.Deserialize<EpochMetrics>(l)!).ToList();
                        results.Add(saved with { Curve = curve });
                        o.WriteLine($"{label} done earlier: final {saved.FinalTestAccuracy:P2}");
                        reused++;
                        continue;
                    }
                    var r = TrainCommand.RunOne(cfg, data, device, resume: true, o, label);
                    o.WriteLine($"{label} final test {r.FinalTestAccuracy:P2}, at best validation {r.TestAccuracyAtBestValidation:P2} ({r.Seconds:F0} s)");
                    results.Add(r);
                }

        Directory.CreateDirectory(outDir);
        string stem = $"{experiment}-{template.Mode}";
        File.WriteAllText(Path.Combine(outDir, stem + ".json"), JsonSerializer.Serialize(results.Select(r => r with { Curve = [] }), new JsonSerializerOptions { WriteIndented = true }));
        var pngs = ResultPlots.LearningCurves(results, sizes, outDir, stem);
        string table = ResultTable.Markdown(experiment, template, results, sizes, methods, seeds, clock.Elapsed, reused, pngs, args, ownAlpha, ownBeta);
        File.WriteAllText(Path.Combine(outDir, stem + ".md"), table);
        o.WriteLine(table);
        return 0;
    }

    /// <summary>
    /// A finished run's effective configuration (<see cref="ExperimentConfig.Effective"/>), read with
    /// <see cref="ExperimentConfig.FromStoredJson"/> so that options added since it was written read as the run behaved;
    /// null when missing or unreadable.
    /// </summary>
    private static string? SavedConfig(string path)
    {
        if (!File.Exists(path)) return null;
        try { return ExperimentConfig.FromStoredJson(File.ReadAllText(path)).Effective().ToJson(); }
        catch (Exception e) when (e is JsonException or ArgumentException) { return null; }
    }

    /// <summary>"name saved -> asked" for every option whose value differs between two configurations' JSON.</summary>
    private static string Differences(string savedJson, string wantedJson)
    {
        var saved = JsonNode.Parse(savedJson)!.AsObject();
        var wanted = JsonNode.Parse(wantedJson)!.AsObject();
        return string.Join(", ", wanted.Where(kv => !JsonNode.DeepEquals(kv.Value, saved[kv.Key]))
            .Select(kv => $"{kv.Key} {saved[kv.Key]?.ToJsonString() ?? "null"} -> {kv.Value?.ToJsonString() ?? "null"}"));
    }

    private static string[] ParseList(string s, string name)
    {
        var items = s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new UsageException($"reproduce: --{name} is empty.");
        return items;
    }
}
