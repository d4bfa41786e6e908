using System.Text.Json;
using KdGan.Models.Kdgan;
using KdGan.Models.Training;
using KdGan.Runner.Cli;

namespace KdGan.Runner.Commands;

/// <summary>A run folder that holds a finished run (result.json, metrics.jsonl, config.json), for `kdgan reproduce` to reuse.</summary>
public static class FinishedRun
{
    /// <summary>
    /// True with the run's result when <paramref name="dir"/> holds a finished run of <paramref name="wanted"/> (equal
    /// effective configurations); false when it holds none. A finished run of another configuration is a usage error
    /// naming the keys that differ: it must not be reported as the run asked for, nor silently overwritten.
    /// </summary>
    public static bool TryLoad(string dir, ExperimentConfig wanted, out RunResult result)
    {
        result = null!;
        string resultPath = Path.Combine(dir, "result.json"), curvePath = Path.Combine(dir, "metrics.jsonl"), configPath = Path.Combine(dir, "config.json");
        if (!File.Exists(resultPath) || !File.Exists(curvePath)) return false;
        var saved = Stored(configPath);
        var differences = saved?.Effective().Differences(wanted.Effective());
        if (differences is null || differences.Count > 0)
            throw new UsageException($"reproduce: {dir} holds a finished run of another configuration " +
                                     $"({(differences is null ? "no readable config.json" : "config.json differs: " + string.Join(", ", differences))}); " +
                                     "pass another --runs folder or delete it.");
        var run = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(resultPath))
                  ?? throw new UsageException($"reproduce: {resultPath} holds null, not a run's result; delete the folder to rerun it.");
        var curve = File.ReadAllLines(curvePath).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<EpochMetrics>(l)!).ToList();
        result = run with { Curve = curve, BestTestAccuracy = RunSelections.Of(curve).BestTest }; // runs from before it was stored too
        return true;
    }

    /// <summary>A stored configuration read as its run behaved (<see cref="ExperimentConfig.FromStoredJson"/>); null when missing or unreadable.</summary>
    private static ExperimentConfig? Stored(string path)
    {
        if (!File.Exists(path)) return null;
        try { return ExperimentConfig.FromStoredJson(File.ReadAllText(path)); }
        catch (Exception e) when (e is JsonException or ArgumentException) { return null; }
    }
}
