using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KdGan.Runner.Cli;
using KdGan.Runner.Commands;
using KdGan.Tensors;
using KdGan.Tensors.Backends.Cpu;

namespace KdGan.Runner.Bench;

/// <summary>
/// <c>kdgan bench-peer run</c> times our side of every TorchSharp comparison workload with the peer harness's
/// timing rule; <c>kdgan bench-peer table DIR</c> prints the ratio table of a folder that
/// <c>scripts/peer-compare.sh</c> filled.
/// </summary>
public static class PeerBenchCommand
{
    public static Command Build(TextWriter o)
    {
        var cmd = new Command("bench-peer", "The side-by-side comparison with TorchSharp (../shared/peer-bench): run our workloads, or print the ratio table.");
        cmd.Subcommands.Add(BuildRun(o));
        cmd.Subcommands.Add(BuildTable(o));
        return cmd;
    }

    private static Command BuildRun(TextWriter o)
    {
        var cmd = new Command("run", "Time our side of each workload (warm-up, calibrated calls per repetition, median of repetitions) and print one line per workload.");
        var threads = IntOption.Create("--threads", "T", "CPU threads", Environment.ProcessorCount, 1, 1024);
        var reps = IntOption.Create("--reps", "R", "repetitions", 7, 1, 1000);
        var warmup = IntOption.Create("--warmup", "W", "warm-up calls", 3, 0, 1000);
        var repSeconds = new Option<double>("--rep-seconds") { HelpName = "S", Description = "minimum seconds of one repetition", DefaultValueFactory = _ => 0.3 };
        var only = new Option<string?>("--only") { HelpName = "KEYS", Description = $"comma-separated workloads (default all: {string.Join(", ", PeerWorkloads.All.Select(w => w.Key))})" };
        var json = new Option<string?>("--json") { HelpName = "FILE", Description = "also append one JSON line per workload to FILE" };
        foreach (var option in new Option[] { threads, reps, warmup, repSeconds, only, json }) cmd.Options.Add(option);
        cmd.SetAction(parsed =>
        {
            double seconds = parsed.GetValue(repSeconds);
            if (!(seconds > 0 && seconds <= 60)) throw new UsageException($"bench-peer run: --rep-seconds must be in (0, 60], got {seconds}.");
            var chosen = Select(parsed.GetValue(only));
            return Run(chosen, parsed.GetValue(threads), parsed.GetValue(warmup), parsed.GetValue(reps), seconds, parsed.GetValue(json), o);
        });
        return cmd;
    }

    private static Command BuildTable(TextWriter o)
    {
        var cmd = new Command("table", "Print the ratio table (time ours / TorchSharp) of a results folder of pass*/ours-t*.jsonl and pass*/peer-t*.jsonl.");
        var dir = new Argument<string>("dir") { Description = "the folder scripts/peer-compare.sh wrote" };
        cmd.Arguments.Add(dir);
        cmd.SetAction(parsed =>
        {
            string d = parsed.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new UsageException($"bench-peer table: no folder '{Cli.ConfigOptions.Cut(d)}'.");
            o.Write(PeerComparison.Table(d));
            return 0;
        });
        return cmd;
    }

    private static IReadOnlyList<PeerWorkload> Select(string? only)
    {
        if (string.IsNullOrWhiteSpace(only)) return PeerWorkloads.All;
        var keys = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var k in keys)
            if (PeerWorkloads.All.All(w => w.Key != k))
                throw new UsageException($"bench-peer run: unknown workload '{Cli.ConfigOptions.Cut(k)}' (known: {string.Join(", ", PeerWorkloads.All.Select(w => w.Key))}).");
        return PeerWorkloads.All.Where(w => keys.Contains(w.Key)).ToArray();
    }

    private static int Run(IReadOnlyList<PeerWorkload> workloads, int threads, int warmup, int reps, double repSeconds, string? json, TextWriter o)
    {
        int saved = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            o.WriteLine($"# bench-peer: threads {threads}, SIMD {CpuSimd.Describe(CpuSimd.Current)}, {MachineInfo.CpuModel}");
            foreach (var w in workloads)
            {
                var (call, owned) = w.Setup();
                Timing.CalibratedTime t;
                using (owned) t = Timing.Calibrated(call, warmup, reps, repSeconds);
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{w.Key,-16} t={threads}: median {t.MedianS * 1e3:F3} ms (min {t.MinS * 1e3:F3}, max {t.MaxS * 1e3:F3}, {t.Reps}x{t.Iters})"));
                if (json is not null)
                    File.AppendAllText(json, JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["key"] = w.Key, ["threads"] = threads, ["median_s"] = t.MedianS, ["min_s"] = t.MinS, ["max_s"] = t.MaxS,
                        ["reps"] = t.Reps, ["iters"] = t.Iters, ["simd"] = CpuSimd.Current.ToString(),
                    }) + "\n");
            }
            return 0;
        }
        finally { CpuThreads.Count = saved; }
    }
}
